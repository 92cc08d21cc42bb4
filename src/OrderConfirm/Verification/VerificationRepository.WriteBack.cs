using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// The write-back's transitions (docs/verification-states.md, "Outcome and write-back"). One run at a time holds the
// verification's write-back lease (see Storage/Schema/0015_write_back_lease.*.sql): it claims it for the status it
// read, renews it before every request to the shop, and every transition that ends its turn names both the status it
// read and its lease. An answer by link that arrives meanwhile changes the status: the holder's next renewal fails, it
// sends nothing more, and the newer outcome is written next, never overtaken by an older request.
public sealed partial class VerificationRepository
{
    private const string Settling = "settling";

    // Holder of the lease, or "settling" after a turn that may have left a request running at the shop.
    private const string LeaseIsFree = $"""
        (write_back_lease is null or write_back_lease_until <= @now
         or (write_back_lease = '{Settling}' and write_back_lease_outcome = status))
        """;

    private const string EndLease = $"""
        write_back_lease = case when @settleUntil is null then null else '{Settling}' end,
        write_back_lease_until = @settleUntil
        """;

    private const string HoldsLease = "step = 'apply' and status = @readStatus and write_back_lease = @owner";

    // Takes the lease for the status the caller read. Null when the row moved on or another run holds it; then
    // LeaseHeldUntil says when to come back.
    public async Task<bool> ClaimWriteBackAsync(long id, string readStatus, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"""
            update verifications set write_back_lease = @owner, write_back_lease_until = @until, write_back_lease_outcome = status
            where id = @id and step = 'apply' and status = @readStatus and {LeaseIsFree}
            """,
            new { id, readStatus, owner, until = until.ToMs(), now = Now },
            cancellationToken: cancellationToken)) == 1;
    }

    // When the run holding the verification's write-back lease must have finished or given up; null when none does
    // (or the row left the write-back).
    public async Task<DateTimeOffset?> WriteBackLeaseUntilAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var until = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select write_back_lease_until from verifications where id = @id and step = 'apply' and write_back_lease is not null",
            new { id },
            cancellationToken: cancellationToken));
        return until is { } ms ? UnixTime.FromMs(ms) : null;
    }

    // Before a request to the shop: still this run's turn, for the outcome it is writing? Pushes the lease out.
    public async Task<bool> RenewWriteBackAsync(long id, string readStatus, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"update verifications set write_back_lease_until = @until where id = @id and {HoldsLease}",
            new { id, readStatus, owner, until = until.ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }

    // The run stopped without recording (the outcome changed under it): the next run may start, at once or after
    // settleUntil when a request of this run may still be at work in the shop.
    public async Task ReleaseWriteBackAsync(long id, string owner, DateTimeOffset? settleUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"update verifications set {EndLease} where id = @id and write_back_lease = @owner",
            new { id, owner, settleUntil = settleUntil?.ToMs() },
            cancellationToken: cancellationToken));
    }

    public Task<bool> CompleteWriteBackAsync(long id, WriteBackTurn turn, string state, string message, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
            id,
            $"""
            update verifications set step = 'done', write_back = @state, write_back_attempts = write_back_attempts + 1,
                due_at = null, job_id = null, updated_at = @now, {EndLease}
            where id = @id and {HoldsLease}
            """,
            new { id, readStatus = turn.Status, owner = turn.Owner, settleUntil = turn.SettleUntil?.ToMs(), state },
            "write-back",
            message,
            cancellationToken);

    public Task<bool> RetryWriteBackLaterAsync(long id, WriteBackTurn turn, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            $"""
            update verifications set write_back_attempts = write_back_attempts + 1, due_at = @dueAt, job_id = null,
                updated_at = @now, {EndLease}
            where id = @id and {HoldsLease}
            """,
            new { id, readStatus = turn.Status, owner = turn.Owner, settleUntil = turn.SettleUntil?.ToMs(), dueAt = dueAt.ToMs() },
            "write-back-retry",
            message,
            cancellationToken);

    // The shop asked us to slow down: the write-back waits without spending one of its attempts.
    public Task<bool> WaitWriteBackAsync(long id, WriteBackTurn turn, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            $"update verifications set due_at = @dueAt, job_id = null, updated_at = @now, {EndLease} where id = @id and {HoldsLease}",
            new { id, readStatus = turn.Status, owner = turn.Owner, settleUntil = turn.SettleUntil?.ToMs(), dueAt = dueAt.ToMs() },
            "write-back-throttled",
            message,
            cancellationToken);

    public Task<bool> FailWriteBackAsync(long id, WriteBackTurn turn, string reason, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
            id,
            $"""
            update verifications set status = 'needs-attention', step = 'done', write_back = 'failed',
                write_back_attempts = write_back_attempts + 1, due_at = null, job_id = null, reason = @reason,
                updated_at = @now, {EndLease}
            where id = @id and {HoldsLease}
            """,
            new { id, readStatus = turn.Status, owner = turn.Owner, settleUntil = turn.SettleUntil?.ToMs(), reason },
            "needs-attention",
            reason,
            cancellationToken);
}
