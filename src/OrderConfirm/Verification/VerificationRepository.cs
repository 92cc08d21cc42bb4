using System.Data.Common;
using Dapper;
using OrderConfirm.Sms;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Every state change is one conditional UPDATE (… where id = @id and step = @expected) plus its timeline entry,
// committed together. A caller that loses the race gets false and must do nothing.
public sealed partial class VerificationRepository(Database database, TimeProvider clock)
{
    private const string Columns = """
        id, store_id, order_id, order_name, amount, currency, phone, phone_masked, customer_name, status, step, due_at,
        job_id, reason, outcome, call_id, robo_status, dtmf, robo_retry, dial_started_at, polls, give_up_at, write_back,
        write_back_attempts, call_failures, last_call_error, attempt, decided_by, created_at, updated_at
        """;

    private long Now => clock.GetUtcNow().ToMs();

    // Inserts unless the store already has a verification for this order; returns the row and whether it is new.
    public async Task<(VerificationRecord Record, bool Created)> CreateAsync(NewVerification v, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            insert into verifications (store_id, order_id, order_name, amount, currency, phone, phone_masked, customer_name,
                                       status, step, due_at, reason, write_back, created_at, updated_at)
            values (@StoreId, @OrderId, @OrderName, @Amount, @Currency, @Phone, @PhoneMasked, @CustomerName,
                    @Status, @Step, @dueAt, @Reason, null, @now, @now)
            on conflict (store_id, order_id) do nothing
            returning id
            """,
            new { v.StoreId, v.OrderId, v.OrderName, v.Amount, v.Currency, v.Phone, v.PhoneMasked, v.CustomerName, v.Status, v.Step, dueAt = v.DueAt?.ToMs(), v.Reason, now },
            transaction,
            cancellationToken: cancellationToken));

        if (id is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            var existing = await connection.QuerySingleAsync<VerificationRecord>(new CommandDefinition(
                $"select {Columns} from verifications where store_id = @StoreId and order_id = @OrderId",
                new { v.StoreId, v.OrderId },
                cancellationToken: cancellationToken));
            return (existing, false);
        }

        var message = v.Status == VerificationStatus.Pending
            ? $"Order received; call due {v.DueAt:u}"
            : $"Order received; {v.Status}: {v.Reason}";
        await InsertEventAsync(connection, transaction, id.Value, "received", message, now, cancellationToken);
        if (v.SmsEvent is { } smsEvent)
        {
            await SmsDue.AddAsync(connection, transaction, id.Value, smsEvent, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var record = await connection.QuerySingleAsync<VerificationRecord>(new CommandDefinition(
            $"select {Columns} from verifications where id = @id", new { id }, cancellationToken: cancellationToken));
        return (record, true);
    }

    public async Task<VerificationRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<VerificationRecord>(new CommandDefinition(
            $"select {Columns} from verifications where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<VerificationRecord?> FindByOrderAsync(long storeId, string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<VerificationRecord>(new CommandDefinition(
            $"select {Columns} from verifications where store_id = @storeId and order_id = @orderId",
            new { storeId, orderId },
            cancellationToken: cancellationToken));
    }

    /// A customer asked the shop to forget them: phone and name go; the order's outcome stays for the merchant.
    public async Task<int> EraseCustomerAsync(long storeId, IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var orderId in orderIds)
        {
            if (await FindByOrderAsync(storeId, orderId, cancellationToken) is not { } verification)
            {
                continue;
            }

            var done = await TransitionAsync(
                verification.Id,
                "update verifications set phone = null, phone_masked = null, customer_name = null, updated_at = @now where id = @id",
                new { id = verification.Id },
                "redacted",
                "The customer's phone number and name were erased at the shop's request",
                cancellationToken);
            erased += done ? 1 : 0;
        }

        return erased;
    }

    // Finished verifications whose last change is older than the cutoff lose the customer's phone and name; one batch
    // per call, each row with its timeline entry, in one transaction. Returns how many rows were erased.
    public async Task<int> EraseExpiredPersonalDataAsync(DateTimeOffset cutoff, int limit, string message, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = Now;
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            select id from verifications
            where step = 'done' and updated_at <= @cutoff
              and (phone is not null or customer_name is not null or phone_masked is not null)
            order by updated_at
            limit @limit
            """,
            new { cutoff = cutoff.ToMs(), limit },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        foreach (var id in ids)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update verifications set phone = null, phone_masked = null, customer_name = null where id = @id and step = 'done'",
                new { id },
                transaction,
                cancellationToken: cancellationToken));
            await InsertEventAsync(connection, transaction, id, "redacted", message, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    public async Task<IReadOnlyList<VerificationEvent>> TimelineAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var events = await connection.QueryAsync<VerificationEvent>(new CommandDefinition(
            "select id, verification_id, at, kind, message from verification_events where verification_id = @id order by id",
            new { id },
            cancellationToken: cancellationToken));
        return events.ToList();
    }

    public async Task<IReadOnlyList<VerificationRecord>> ListAsync(VerificationFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<VerificationRecord>(new CommandDefinition(
            $"""
            select {Columns} from verifications
            where (@StoreId is null or store_id = @StoreId)
              and (@Status is null or status = @Status)
              and (@BeforeId is null or id < @BeforeId)
            order by id desc
            limit @Limit
            """,
            filter,
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    // Label for the dashboard: order name and store name, nothing personal.
    public async Task<(string OrderName, string StoreName)?> LabelAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string OrderName, string StoreName)>(new CommandDefinition(
            "select v.order_name, s.name from verifications v join stores s on s.id = v.store_id where v.id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return rows.Select(r => ((string, string)?)r).FirstOrDefault();
    }

    public async Task AddEventAsync(long id, string kind, string message, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertEventAsync(connection, null, id, kind, message, Now, cancellationToken);
    }

    // Remembers which Hangfire job carries the next step, unless the step moved on or another job was recorded first.
    public async Task<bool> SetJobIdAsync(long id, string step, string? expectedJobId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            """
            update verifications set job_id = @jobId
            where id = @id and step = @step and (job_id = @expectedJobId or (job_id is null and @expectedJobId is null))
            """,
            new { id, step, expectedJobId, jobId },
            cancellationToken: cancellationToken));
        return rows == 1;
    }

    public Task<bool> PostponeCallAsync(long id, DateTimeOffset dueAt, string kind, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            "update verifications set due_at = @dueAt, job_id = null, updated_at = @now where id = @id and step = 'call'",
            new { id, dueAt = dueAt.ToMs() },
            kind,
            message,
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
        => TransitionAsync(
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

    // The dial methods below only act on the dial that began at dialStartedAt: once a stuck dial was handed to a person
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
        => TransitionAsync(
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

    public Task<bool> NeedsAttentionAsync(long id, string expectedStep, string reason, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'needs-attention', step = 'done', due_at = null, job_id = null, reason = @reason,
                updated_at = @now
            where id = @id and step = @expectedStep
            """,
            new { id, expectedStep, reason },
            "needs-attention",
            reason,
            cancellationToken);

    // Stops a verification that has not dialled yet (operator, or the order was cancelled in the shop).
    public Task<bool> StopAsync(long id, string reason, CancellationToken cancellationToken)
        => TransitionAsync(
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

    // An operator stops a verification that has not dialled yet. decided_by names them, so that the shop reopening the
    // order later does not start it again (WooCommerceOrderReopen).
    public Task<bool> StopByOperatorAsync(long id, string reason, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'skipped', step = 'done', due_at = null, job_id = null, reason = @reason,
                decided_by = 'operator', updated_at = @now
            where id = @id and step = 'call'
            """,
            new { id, reason },
            "stopped",
            reason,
            cancellationToken);

    // Takes up to <paramref name="limit"/> calls whose status poll is due, pushing each one's due time out by the lease
    // so a concurrent PollCalls (another server) skips them.
    public async Task<IReadOnlyList<VerificationRecord>> ClaimDuePollsAsync(TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        var due = await connection.QueryAsync<VerificationRecord>(new CommandDefinition(
            $"select {Columns} from verifications where step = 'poll' and due_at <= @now order by due_at limit @limit",
            new { now, limit },
            cancellationToken: cancellationToken));

        var claimed = new List<VerificationRecord>();
        foreach (var row in due)
        {
            var leaseUntil = now + (long)lease.TotalMilliseconds;
            var won = await connection.ExecuteAsync(new CommandDefinition(
                "update verifications set due_at = @leaseUntil where id = @Id and step = 'poll' and due_at = @DueAt",
                new { leaseUntil, row.Id, row.DueAt },
                cancellationToken: cancellationToken));
            if (won == 1)
            {
                claimed.Add(row);
            }
        }

        return claimed;
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
        => TransitionAsync(
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
            cancellationToken);

    // An attempt ended unanswered and another is allowed: back to waiting for the call, with the next attempt number and
    // the dial fields cleared so the claim, the stuck-dial rule and the polls start afresh. The previous call's facts
    // stay on the timeline (the message). Conditional on the attempt the caller read, so it happens once per attempt.
    // smsEvent: the SMS the unanswered attempt leads to, recorded as due in the same transaction.
    public Task<bool> ScheduleReattemptAsync(long id, int attempt, DateTimeOffset dueAt, string message, string? smsEvent, CancellationToken cancellationToken)
        => TransitionAsync(
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
            smsEvent);

    // Operator: call again a customer whose call never reached an answer (unknown dial, unreachable, no input).
    public Task<bool> RedialAsync(long id, DateTimeOffset dueAt, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'pending', step = 'call', due_at = @dueAt, job_id = null, call_id = null,
                robo_status = null, dtmf = null, robo_retry = null, dial_started_at = null, polls = 0, give_up_at = null,
                outcome = null, decided_by = null, write_back = null, write_back_attempts = 0, reason = null, call_failures = 0,
                last_call_error = null, updated_at = @now
            where id = @id and step = 'done'
              and (status in ('unreachable', 'no-input') or (status = 'needs-attention' and outcome is null))
            """,
            new { id, dueAt = dueAt.ToMs() },
            "operator",
            "Redial requested by an operator",
            cancellationToken);

    // Operator: try the write-back again after the shop refused it.
    public Task<bool> RetryWriteBackAsync(long id, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = outcome, step = 'apply', due_at = @now, job_id = null, write_back = 'pending',
                write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'done' and status = 'needs-attention' and outcome is not null
            """,
            new { id },
            "operator",
            "Write-back retry requested by an operator",
            cancellationToken);

    // Due steps (call, apply) older than the cutoff, oldest first, after the given row (keyset paging): the sweeper
    // checks whether a live job still carries each one.
    public async Task<IReadOnlyList<DueStep>> DueStepsAsync(DateTimeOffset cutoff, DueStep? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueStep>(new CommandDefinition(
            """
            select id, step, job_id, due_at from verifications
            where step in ('call', 'apply') and due_at <= @cutoff
              and (@afterDue is null or due_at > @afterDue or (due_at = @afterDue and id > @afterId))
            order by due_at, id
            limit @limit
            """,
            new { cutoff = cutoff.ToMs(), afterDue = after?.DueAt, afterId = after?.Id ?? 0, limit },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

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

    private async Task<bool> TransitionAsync(long id, string sql, object parameters, string kind, string message, CancellationToken cancellationToken, string? smsDue = null)
        => await TransitionAtAsync(id, sql, parameters, kind, message, cancellationToken, smsDue) is not null;

    // Returns the time (Unix ms) the transition was recorded at, or null when the row was not in the expected state.
    // smsDue: an SMS event the transition makes due, recorded with it so a crash cannot keep one and lose the other.
    private async Task<long?> TransitionAtAsync(long id, string sql, object parameters, string kind, string message, CancellationToken cancellationToken, string? smsDue = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Read the clock once the transaction holds SQLite's write lock (BEGIN IMMEDIATE can wait up to its 30 s busy
        // timeout): a time read before the wait would make a dial look older than it is to the stuck-dial rule.
        var now = Now;
        var args = new DynamicParameters(parameters);
        args.Add("now", now);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken));
        if (rows != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await InsertEventAsync(connection, transaction, id, kind, message, now, cancellationToken);
        if (smsDue is not null)
        {
            await SmsDue.AddAsync(connection, transaction, id, smsDue, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return now;
    }

    private DynamicParameters AddNow(object parameters)
    {
        var args = new DynamicParameters(parameters);
        args.Add("now", Now);
        return args;
    }

    private static Task<int> InsertEventAsync(DbConnection connection, DbTransaction? transaction, long id, string kind, string message, long now, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "insert into verification_events (verification_id, at, kind, message) values (@id, @now, @kind, @message)",
            new { id, now, kind, message },
            transaction,
            cancellationToken: cancellationToken));
}
