namespace OrderConfirm.Verification;

/// One write-back run's turn at the shop for one verification: it holds the verification's write-back lease for the
/// outcome it read (Status). The platform's write-back calls ProceedAsync before every request it sends to the shop and
/// stops, sending nothing more, when the answer is false: the customer's answer changed meanwhile (or the turn was
/// taken over after it ran out), and the newer outcome is written by the next turn, after every request of this one.
public sealed class WriteBackTurn
{
    private readonly VerificationRepository _verifications;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;

    internal WriteBackTurn(VerificationRepository verifications, long verificationId, string status, string owner, TimeSpan lease, TimeProvider clock)
    {
        _verifications = verifications;
        _lease = lease;
        _clock = clock;
        VerificationId = verificationId;
        Status = status;
        Owner = owner;
    }

    public long VerificationId { get; }

    /// The outcome this turn writes: the verification's status when the turn was claimed.
    public string Status { get; }

    /// A random token naming this turn in the lease column; never shown anywhere.
    public string Owner { get; }

    /// Set when the turn ends after a request the shop did not answer: until then another outcome waits, in case the
    /// shop is still working on that request and would apply it after the newer one.
    public DateTimeOffset? SettleUntil { get; private set; }

    public Task<bool> ProceedAsync(CancellationToken cancellationToken)
        => _verifications.RenewWriteBackAsync(VerificationId, Status, Owner, _clock.GetUtcNow() + _lease, cancellationToken);

    internal void SettleFor(TimeSpan settle) => SettleUntil = _clock.GetUtcNow() + settle;
}
