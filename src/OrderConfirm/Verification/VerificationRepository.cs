using System.Data.Common;
using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Every state change is one conditional UPDATE (… where id = @id and step = @expected) plus its timeline entry,
// committed together. A caller that loses the race gets false and must do nothing.
public sealed class VerificationRepository(Database database, TimeProvider clock)
{
    private const string Columns = """
        id, store_id, order_id, order_name, amount, currency, phone, phone_masked, customer_name, status, step, due_at,
        job_id, reason, outcome, call_id, robo_status, dtmf, robo_retry, dial_started_at, polls, give_up_at, write_back,
        write_back_attempts, created_at, updated_at
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

    // The point of no return: once this commits, the dial may have happened and will never be repeated automatically.
    public Task<bool> BeginDialAsync(long id, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'calling', step = 'dialing', dial_started_at = @now, due_at = null, job_id = null,
                reason = null, updated_at = @now
            where id = @id and step = 'call'
            """,
            new { id },
            "dialing",
            "Dialing the customer through Robo Call",
            cancellationToken);

    public Task<bool> RecordCallPlacedAsync(long id, string callId, DateTimeOffset firstPoll, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set step = 'poll', call_id = @callId, due_at = @firstPoll, give_up_at = @giveUpAt, polls = 0,
                updated_at = @now
            where id = @id and step = 'dialing'
            """,
            new { id, callId, firstPoll = firstPoll.ToMs(), giveUpAt = giveUpAt.ToMs() },
            "call-placed",
            $"Robo Call accepted the call (call id {callId})",
            cancellationToken);

    // Robo Call definitely did not place the call (it said so), so trying again later cannot call anyone twice.
    public Task<bool> ReturnToPendingAsync(long id, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'pending', step = 'call', due_at = @dueAt, dial_started_at = null, job_id = null,
                reason = @message, updated_at = @now
            where id = @id and step = 'dialing'
            """,
            new { id, dueAt = dueAt.ToMs(), message },
            "postponed",
            message,
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
    public Task<bool> FinishCallAsync(long id, string outcome, int? roboStatus, int? dtmf, int? retry, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = @outcome, outcome = @outcome, robo_status = @roboStatus, dtmf = @dtmf,
                robo_retry = @retry, polls = polls + 1, step = 'apply', due_at = @now, job_id = null, write_back = 'pending',
                write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'poll'
            """,
            new { id, outcome, roboStatus, dtmf, retry },
            "outcome",
            message,
            cancellationToken);

    public Task<bool> CompleteWriteBackAsync(long id, string state, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set step = 'done', write_back = @state, write_back_attempts = write_back_attempts + 1,
                due_at = null, job_id = null, updated_at = @now
            where id = @id and step = 'apply'
            """,
            new { id, state },
            "write-back",
            message,
            cancellationToken);

    public Task<bool> RetryWriteBackLaterAsync(long id, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set write_back_attempts = write_back_attempts + 1, due_at = @dueAt, job_id = null, updated_at = @now
            where id = @id and step = 'apply'
            """,
            new { id, dueAt = dueAt.ToMs() },
            "write-back-retry",
            message,
            cancellationToken);

    // The shop asked us to slow down: the write-back waits without spending one of its attempts.
    public Task<bool> WaitWriteBackAsync(long id, DateTimeOffset dueAt, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            "update verifications set due_at = @dueAt, job_id = null, updated_at = @now where id = @id and step = 'apply'",
            new { id, dueAt = dueAt.ToMs() },
            "write-back-throttled",
            message,
            cancellationToken);

    public Task<bool> FailWriteBackAsync(long id, string reason, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'needs-attention', step = 'done', write_back = 'failed',
                write_back_attempts = write_back_attempts + 1, due_at = null, job_id = null, reason = @reason, updated_at = @now
            where id = @id and step = 'apply'
            """,
            new { id, reason },
            "needs-attention",
            reason,
            cancellationToken);

    // Operator: call again a customer whose call never reached an answer (unknown dial, unreachable, no input).
    public Task<bool> RedialAsync(long id, DateTimeOffset dueAt, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'pending', step = 'call', due_at = @dueAt, job_id = null, call_id = null,
                robo_status = null, dtmf = null, robo_retry = null, dial_started_at = null, polls = 0, give_up_at = null,
                outcome = null, write_back = null, write_back_attempts = 0, reason = null, updated_at = @now
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

    // Due steps (call, apply) older than the cutoff: the sweeper checks whether a live job still carries each one.
    public async Task<IReadOnlyList<(long Id, string Step, string? JobId)>> DueStepsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, string, string?)>(new CommandDefinition(
            "select id, step, job_id from verifications where step in ('call', 'apply') and due_at <= @cutoff order by due_at limit @limit",
            new { cutoff = cutoff.ToMs(), limit },
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

    private async Task<bool> TransitionAsync(long id, string sql, object parameters, string kind, string message, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var args = new DynamicParameters(parameters);
        args.Add("now", now);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken));
        if (rows != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await InsertEventAsync(connection, transaction, id, kind, message, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
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
