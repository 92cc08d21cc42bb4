using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// The dial (docs/verification-states.md, "Dial"): what PlaceCall and the shop's webhooks do to a row waiting for its
// call (step call), the claim that starts the dial, and what the dial's answer does to the row (step dialing). The
// claim is the point of no return, so every method before it is conditional on step call and every method after it
// on the dial that began (dial_started_at).
public sealed partial class VerificationRepository
{
    // The call waits (calling hours, a paused Robo Call key): only the due time moves, and the job id is cleared for
    // the dispatcher to record the new job.
    public Task<bool> PostponeCallAsync(long id, DateTimeOffset dueAt, string kind, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            "update verifications set due_at = @dueAt, job_id = null, updated_at = @now where id = @id and step = 'call'",
            new { id, dueAt = dueAt.ToMs() },
            kind,
            message,
            cancellationToken);

    // Stops a verification that has not dialled yet: the shop closed the order (webhook, or PlaceCall's claim or shop
    // guard), or PlaceCall found the store disabled or the phone erased. A person's stop is StopByHandAsync.
    public Task<bool> StopAsync(long id, string reason, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
            id,
            """
            update verifications set status = 'skipped', step = 'done', due_at = null, job_id = null, reason = @reason,
                updated_at = @now
            where id = @id and step = 'call'
            """,
            new { id, reason },
            "stopped",
            reason,
            cancellationToken);

    // A PlaceCall run failed before the dial; the call is due again at dueAt. Conditional on the count the caller read,
    // so two failing runs at once count once.
    public Task<bool> RetryCallAfterFailureAsync(long id, int failuresBefore, string error, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set call_failures = @failuresBefore + 1, last_call_error = @error, due_at = @dueAt, job_id = null,
                updated_at = @now
            where id = @id and step = 'call' and call_failures = @failuresBefore
            """,
            new { id, failuresBefore, error, dueAt = dueAt.ToMs() },
            "call-failed",
            message,
            cancellationToken);

    // PlaceCall kept failing before the dial: a person has to look. Nobody was called.
    public Task<bool> GiveUpCallAfterFailuresAsync(long id, int failuresBefore, string error, string reason, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
            id,
            """
            update verifications set status = 'needs-attention', step = 'done', call_failures = @failuresBefore + 1,
                last_call_error = @error, due_at = null, job_id = null, reason = @reason, updated_at = @now
            where id = @id and step = 'call' and call_failures = @failuresBefore
            """,
            new { id, failuresBefore, error, reason },
            "needs-attention",
            reason,
            cancellationToken);

    // The point of no return: once this commits, the dial may have happened and will never be repeated automatically.
    // It never claims an order the shop has closed: a cancel processed at the same moment as the create can be recorded
    // after the intake looked at shop_orders, and this update is the last place that can see it.
    // Only the attempt the caller prepared: a run that read attempt 1 must not claim attempt 2 before its due time.
    public async Task<DateTimeOffset?> BeginDialAsync(long id, int attempt, CancellationToken cancellationToken)
    {
        // dial_started_at is the time the claim held the write lock (see TransitionAtAsync), and it names this dial
        // for the steps that record its answer.
        var startedAt = await TransitionAtAsync(
            id,
            """
            update verifications set status = 'calling', step = 'dialing', dial_started_at = @now, due_at = null, job_id = null,
                reason = null, call_failures = 0, last_call_error = null, updated_at = @now
            where id = @id and step = 'call' and attempt = @attempt
              and not exists (select 1 from shop_orders o
                              where o.store_id = verifications.store_id and o.order_id = verifications.order_id
                                and o.closed_reason is not null)
            """,
            new { id, attempt },
            "dialing",
            attempt == 1 ? "Dialing the customer through Robo Call" : $"Dialing the customer through Robo Call (attempt {attempt})",
            cancellationToken);
        return startedAt is { } ms ? UnixTime.FromMs(ms) : null;
    }

    // The four dial methods that follow only act on the dial that began at dialStartedAt: once a stuck dial was handed to a person
    // and redialled, a late answer to the old dial must not land on the new one.
    public Task<bool> RecordCallPlacedAsync(long id, DateTimeOffset dialStartedAt, string callId, DateTimeOffset firstPoll, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set step = 'poll', call_id = @callId, due_at = @firstPoll, give_up_at = @giveUpAt, polls = 0,
                updated_at = @now
            where id = @id and step = 'dialing' and dial_started_at = @dialStartedAt
            """,
            new { id, dialStartedAt = dialStartedAt.ToMs(), callId, firstPoll = firstPoll.ToMs(), giveUpAt = giveUpAt.ToMs() },
            "call-placed",
            $"Robo Call accepted the call (call id {callId})",
            cancellationToken);

    // Robo Call accepted a dial after the sweeper had marked it stuck. If nobody acted on the row since, the call is
    // followed again: the customer is being called, and the key they press must count.
    public Task<bool> ResumeStuckDialAsync(long id, DateTimeOffset dialStartedAt, string callId, DateTimeOffset firstPoll, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'calling', step = 'poll', call_id = @callId, due_at = @firstPoll, give_up_at = @giveUpAt,
                polls = 0, reason = null, updated_at = @now
            where id = @id and step = 'done' and status = 'needs-attention' and call_id is null and outcome is null
              and dial_started_at = @dialStartedAt
            """,
            new { id, dialStartedAt = dialStartedAt.ToMs(), callId, firstPoll = firstPoll.ToMs(), giveUpAt = giveUpAt.ToMs() },
            "call-placed",
            $"Robo Call accepted the call (call id {callId}) after the dial had been marked stuck; following the call again",
            cancellationToken);

    // Robo Call definitely did not place the call (it said so), so trying again later cannot call anyone twice.
    public Task<bool> ReturnToPendingAsync(long id, DateTimeOffset dialStartedAt, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'pending', step = 'call', due_at = @dueAt, dial_started_at = null, job_id = null,
                reason = @message, call_failures = 0, last_call_error = null, updated_at = @now
            where id = @id and step = 'dialing' and dial_started_at = @dialStartedAt
            """,
            new { id, dialStartedAt = dialStartedAt.ToMs(), dueAt = dueAt.ToMs(), message },
            "postponed",
            message,
            cancellationToken);

    public Task<bool> DialNeedsAttentionAsync(long id, DateTimeOffset dialStartedAt, string reason, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
            id,
            """
            update verifications set status = 'needs-attention', step = 'done', due_at = null, job_id = null, reason = @reason,
                updated_at = @now
            where id = @id and step = 'dialing' and dial_started_at = @dialStartedAt
            """,
            new { id, dialStartedAt = dialStartedAt.ToMs(), reason },
            "needs-attention",
            reason,
            cancellationToken);

    // Dials that started before the cutoff and never stored a call_id: the process died or the request hung.
    public async Task<IReadOnlyList<long>> StuckDialsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(new CommandDefinition(
            "select id from verifications where step = 'dialing' and dial_started_at <= @cutoff",
            new { cutoff = cutoff.ToMs() },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
