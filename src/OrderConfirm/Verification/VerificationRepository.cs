using System.Data.Common;
using Dapper;
using OrderConfirm.Sms;
using OrderConfirm.Storage;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Verification;

// Every state change is one conditional UPDATE (… where id = @id and step = @expected) plus its timeline entry,
// committed together. A caller that loses the race gets false and must do nothing.
// The class is split by phase, one file per table of docs/verification-states.md (Intake, Dial, Poll, WriteBack,
// Operator, Retention); this file holds the reads, the job bookkeeping and the shared transition helper.
// Metrics are optional so that tests can build one on a bare database; the service always passes them.
public sealed partial class VerificationRepository(Database database, TimeProvider clock, OrderConfirmMetrics? metrics = null)
{
    private const string Columns = """
        id, store_id, order_id, order_name, amount, currency, phone, phone_masked, customer_name, status, step, due_at,
        job_id, reason, outcome, call_id, robo_status, dtmf, robo_retry, dial_started_at, polls, give_up_at, write_back,
        write_back_attempts, call_failures, last_call_error, attempt, decided_by, trace_parent, created_at, updated_at
        """;

    private long Now => clock.GetUtcNow().ToMs();

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

    public async Task<IReadOnlyList<VerificationEvent>> TimelineAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Dapper matches the record's constructor to the column types before it reads a row: PostgreSQL's integer is an
        // int, so it is cast; SQLite types a cast of no row (a timeline deleted by retention) as a blob, so it is not.
        var repeats = database.Kind == DatabaseKind.PostgreSql ? "cast(repeats as bigint)" : "repeats";
        var events = await connection.QueryAsync<VerificationEvent>(new CommandDefinition(
            $"select id, verification_id, at, kind, message, {repeats} as repeats, first_at from verification_events where verification_id = @id order by id",
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
              and (@OrderId is null or order_id = @OrderId)
              and (@BeforeId is null or id < @BeforeId)
              and (@NamePattern is null or lower(order_name) like @NamePattern escape '\')
              and (@CreatedFrom is null or created_at >= @CreatedFrom)
              and (@CreatedBefore is null or created_at < @CreatedBefore)
            order by id desc
            limit @Limit
            """,
            new { filter.StoreId, filter.Status, filter.OrderId, filter.BeforeId, filter.Limit, NamePattern = NamePattern(filter.OrderNameContains), filter.CreatedFrom, filter.CreatedBefore },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    // A LIKE pattern that matches the text literally anywhere in the name, whatever its case.
    private static string? NamePattern(string? text)
        => string.IsNullOrWhiteSpace(text) ? null
            : "%" + text.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

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

    public Task<bool> NeedsAttentionAsync(long id, string expectedStep, string reason, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
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

    private async Task<bool> TransitionAsync(long id, string sql, object parameters, string kind, string message, CancellationToken cancellationToken, string? smsDue = null)
        => await TransitionAtAsync(id, sql, parameters, kind, message, cancellationToken, smsDue) is not null;

    // A transition that ends the verification's work (step 'done'): counted by its final state once committed.
    private async Task<bool> FinishingTransitionAsync(long id, string sql, object parameters, string kind, string message, CancellationToken cancellationToken)
    {
        FinishedRow? finished = null;
        var done = await TransitionAtAsync(id, sql, parameters, kind, message, cancellationToken, afterUpdate: async (connection, transaction) =>
            finished = await connection.QuerySingleAsync<FinishedRow>(new CommandDefinition(
                "select status, store_id, created_at from verifications where id = @id", new { id }, transaction, cancellationToken: cancellationToken)));
        if (done is { } at && finished is not null)
        {
            metrics?.VerificationFinished(finished.Status, finished.StoreId, TimeSpan.FromMilliseconds(at - finished.CreatedAt));
        }

        return done is not null;
    }

    // Returns the time (Unix ms) the transition was recorded at, or null when the row was not in the expected state.
    // smsDue: an SMS event the transition makes due, recorded with it so a crash cannot keep one and lose the other.
    private async Task<long?> TransitionAtAsync(
        long id, string sql, object parameters, string kind, string message, CancellationToken cancellationToken, string? smsDue = null, Func<DbConnection, DbTransaction, Task>? afterUpdate = null)
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

        if (afterUpdate is not null)
        {
            await afterUpdate(connection, transaction);
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

    private static async Task InsertEventAsync(DbConnection connection, DbTransaction? transaction, long id, string kind, string message, long now, CancellationToken cancellationToken)
    {
        // A postponement for the same reason as the entry just before it (the text before its first ';': "The Robo
        // Call account is out of balance") becomes that entry again, counted, instead of a new row each time.
        if (kind == "postponed" && transaction is not null && await connection.ExecuteAsync(new CommandDefinition(
                """
                update verification_events
                set repeats = repeats + 1, first_at = coalesce(first_at, at), at = @now, message = @message
                where id = (select max(id) from verification_events where verification_id = @id)
                  and kind = 'postponed' and substr(message, 1, length(@head)) = @head
                """,
                new { id, now, message, head = Head(message) },
                transaction,
                cancellationToken: cancellationToken)) == 1)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "insert into verification_events (verification_id, at, kind, message) values (@id, @now, @kind, @message)",
            new { id, now, kind, message },
            transaction,
            cancellationToken: cancellationToken));
    }

    // The reason of a postponement, without the time it names.
    private static string Head(string message) => message.IndexOf(';', StringComparison.Ordinal) is > 0 and var end ? message[..(end + 1)] : message;

    // A class, not a tuple: Dapper maps SQLite's and PostgreSQL's integer widths alike onto properties.
    private sealed class FinishedRow
    {
        public string Status { get; set; } = "";

        public long StoreId { get; set; }

        public long CreatedAt { get; set; }
    }
}
