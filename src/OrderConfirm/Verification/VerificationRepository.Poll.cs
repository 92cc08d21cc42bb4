using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Polling (docs/verification-states.md, "Poll"): PollCalls reads each placed call's status until it is final, then
// either schedules another attempt or gives the row its outcome (by the call, or by the store's no-answer policy) and
// hands it to the write-back. Every transition is conditional on step poll, so a second poll of the same call finds
// nothing to do.
public sealed partial class VerificationRepository
{
    // Takes up to <paramref name="limit"/> calls whose status poll is due, pushing each one's due time out by the lease
    // so a concurrent PollCalls (another server) skips them: one statement for the whole batch (SKIP LOCKED on
    // PostgreSQL, the due check repeated for rows another server has just claimed). The rows come back as they were
    // before the claim (due_at included), as the poll reads them.
    public async Task<IReadOnlyList<VerificationRecord>> ClaimDuePollsAsync(TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        var now = Now;
        var skipLocked = database.Kind == DatabaseKind.PostgreSql ? "for update skip locked" : "";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<VerificationRecord>(new CommandDefinition(
            $"select {Columns} from verifications where step = 'poll' and due_at <= @now order by due_at limit @limit {skipLocked}",
            new { now, limit },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        if (due.Count > 0)
        {
            var ids = string.Join(',', due.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await connection.ExecuteAsync(new CommandDefinition(
                $"update verifications set due_at = @leaseUntil where id in ({ids}) and step = 'poll' and due_at <= @now",
                new { now, leaseUntil = now + (long)lease.TotalMilliseconds },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return due;
    }

    public async Task<bool> RecordPollAsync(long id, int? roboStatus, int? dtmf, int? retry, DateTimeOffset nextPoll, string? timelineMessage, CancellationToken cancellationToken)
    {
        var sql = """
            update verifications set robo_status = @roboStatus, dtmf = @dtmf, robo_retry = @retry, polls = polls + 1,
                due_at = @nextPoll, updated_at = @now
            where id = @id and step = 'poll'
            """;
        var parameters = new { id, roboStatus, dtmf, retry, nextPoll = nextPoll.ToMs() };
        if (timelineMessage is null)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await connection.ExecuteAsync(new CommandDefinition(sql, AddNow(parameters), cancellationToken: cancellationToken)) == 1;
        }

        return await TransitionAsync(id, sql, parameters, "call-status", timelineMessage, cancellationToken);
    }

    // The status could not be read: try again at the next poll without growing the spacing between polls.
    public async Task<bool> RecordPollFailureAsync(long id, DateTimeOffset nextPoll, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update verifications set due_at = @nextPoll, updated_at = @now where id = @id and step = 'poll'",
            AddNow(new { id, nextPoll = nextPoll.ToMs() }),
            cancellationToken: cancellationToken)) == 1;
    }

    // The call is final: the row takes its public outcome and the write-back becomes the next step, due now.
    public Task<bool> FinishCallAsync(long id, string outcome, string decidedBy, int? roboStatus, int? dtmf, int? retry, string message, CancellationToken cancellationToken)
        => CountedAsync(outcome, TransitionAsync(
            id,
            """
            update verifications set status = @outcome, outcome = @outcome, decided_by = @decidedBy, robo_status = @roboStatus,
                dtmf = @dtmf, robo_retry = @retry, polls = polls + 1, step = 'apply', due_at = @now, job_id = null,
                write_back = 'pending', write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'poll'
            """,
            new { id, outcome, decidedBy, roboStatus, dtmf, retry },
            "outcome",
            message,
            cancellationToken));

    // The last unanswered attempt decided by the store's no-answer policy: FinishCallAsync with decided_by
    // no-answer-policy, but only while the shop has not closed the order. The policy stands in for an answer the
    // customer did not give; an order the merchant cancelled, fulfilled or deleted while the call rang has had its answer
    // from the shop. False when the row is no longer polled or the order is closed (the caller tells which).
    public Task<bool> FinishCallByPolicyAsync(long id, string outcome, int? roboStatus, int? dtmf, int? retry, string message, CancellationToken cancellationToken)
        => CountedAsync("no-answer-policy", TransitionAsync(
            id,
            """
            update verifications set status = @outcome, outcome = @outcome, decided_by = @decidedBy, robo_status = @roboStatus,
                dtmf = @dtmf, robo_retry = @retry, polls = polls + 1, step = 'apply', due_at = @now, job_id = null,
                write_back = 'pending', write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'poll'
              and not exists (select 1 from shop_orders o
                              where o.store_id = verifications.store_id and o.order_id = verifications.order_id
                                and o.closed_reason is not null)
            """,
            new { id, outcome, decidedBy = Deciders.NoAnswerPolicy, roboStatus, dtmf, retry },
            "outcome",
            message,
            cancellationToken));

    // An attempt ended unanswered and another is allowed: back to waiting for the call, with the next attempt number and
    // the dial fields cleared so the claim, the stuck-dial rule and the polls start afresh. The previous call's facts
    // stay on the timeline (the message). Conditional on the attempt the caller read, so it happens once per attempt.
    // smsEvent: the SMS the unanswered attempt leads to, recorded as due in the same transaction.
    public Task<bool> ScheduleReattemptAsync(long id, int attempt, DateTimeOffset dueAt, string message, string? smsEvent, CancellationToken cancellationToken)
        => CountedAsync("reattempt", TransitionAsync(
            id,
            """
            update verifications set status = 'pending', step = 'call', attempt = attempt + 1, due_at = @dueAt, job_id = null,
                call_id = null, robo_status = null, dtmf = null, robo_retry = null, dial_started_at = null, polls = 0,
                give_up_at = null, outcome = null, decided_by = null, reason = null, call_failures = 0, last_call_error = null,
                updated_at = @now
            where id = @id and step = 'poll' and attempt = @attempt
            """,
            new { id, attempt, dueAt = dueAt.ToMs() },
            "reattempt",
            message,
            cancellationToken,
            smsEvent));

    // A call that ended, counted by what came of it once its transition is committed (orderconfirm_calls_results_total).
    private async Task<bool> CountedAsync(string result, Task<bool> transition)
    {
        var done = await transition;
        if (done)
        {
            metrics?.CallResult(result);
        }

        return done;
    }
}
