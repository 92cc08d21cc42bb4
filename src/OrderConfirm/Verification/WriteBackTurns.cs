using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Verification;

/// Hands out write-back turns: at most one run at a time talks to the shop about a verification (see WriteBackTurn).
public sealed class WriteBackTurns(VerificationRepository verifications, IOptionsMonitor<VerificationOptions> options, TimeProvider clock)
{
    // How long a request we stopped waiting for may still be at work in the shop (PHP's default max_execution_time is
    // 30 s and goes on after the client left); never longer than the lease itself.
    private static readonly TimeSpan MaxSettle = TimeSpan.FromMinutes(1);

    /// The turn for the status the caller read; null when the row moved on or another run holds the turn.
    public async Task<WriteBackTurn?> ClaimAsync(VerificationRecord verification, CancellationToken cancellationToken)
    {
        var lease = options.CurrentValue.WriteBackLease;
        var owner = RandomNumberGenerator.GetHexString(32, lowercase: true);
        return await verifications.ClaimWriteBackAsync(verification.Id, verification.Status, owner, clock.GetUtcNow() + lease, cancellationToken)
            ? new WriteBackTurn(verifications, verification.Id, verification.Status, owner, lease, clock)
            : null;
    }

    /// When the turn another run holds ends at the latest (it renews it while it works); null when nobody holds it.
    public Task<DateTimeOffset?> HeldUntilAsync(long verificationId, CancellationToken cancellationToken)
        => verifications.WriteBackLeaseUntilAsync(verificationId, cancellationToken);

    /// Ends a turn that records nothing (its outcome changed under it).
    public Task ReleaseAsync(WriteBackTurn turn, CancellationToken cancellationToken)
        => verifications.ReleaseWriteBackAsync(turn.VerificationId, turn.Owner, turn.SettleUntil, cancellationToken);

    /// The turn ended after a request the shop did not answer: a different outcome waits a little before it starts.
    public void SettleAfterUnansweredRequest(WriteBackTurn turn)
    {
        var lease = options.CurrentValue.WriteBackLease;
        turn.SettleFor(lease < MaxSettle ? lease : MaxSettle);
    }
}
