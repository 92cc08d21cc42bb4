using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Custom;

/// The result_deliveries table: each event of a custom shop's result webhook and how its delivery went.
public sealed class ResultDeliveries(Database database)
{
    private const string Columns = """
        id, store_id, verification_id, event_id, outcome, payload, attempts, last_status_code, last_error, next_attempt_at,
        claimed_until, delivered_at, failed_at, created_at
        """;

    /// Records the event (nothing if it is already recorded) and returns its row.
    public async Task<ResultDelivery> RecordAsync(long storeId, long verificationId, string eventId, string outcome, string payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into result_deliveries (store_id, verification_id, event_id, outcome, payload, next_attempt_at, created_at)
            values (@storeId, @verificationId, @eventId, @outcome, @payload, @now, @now)
            on conflict (event_id) do nothing
            """,
            new { storeId, verificationId, eventId, outcome, payload, now = now.ToMs() },
            cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<ResultDelivery>(new CommandDefinition(
            $"select {Columns} from result_deliveries where event_id = @eventId", new { eventId }, cancellationToken: cancellationToken));
    }

    /// Takes the lease for one attempt: only a row not delivered, not failed and not held by another run (a duplicate
    /// job, a retry that overlaps) is claimed, and the attempt is counted. Null when there is nothing to send.
    public async Task<ResultDelivery?> ClaimAsync(long id, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ResultDelivery>(new CommandDefinition(
            $"""
            update result_deliveries set claimed_until = @until, attempts = attempts + 1
            where id = @id and delivered_at is null and failed_at is null and (claimed_until is null or claimed_until < @now)
            returning {Columns}
            """,
            new { id, now = now.ToMs(), until = until.ToMs() },
            cancellationToken: cancellationToken));
    }

    public Task DeliveredAsync(long id, int statusCode, DateTimeOffset now, CancellationToken cancellationToken)
        => SetAsync(id, "delivered_at = @now, last_status_code = @statusCode, last_error = null, next_attempt_at = null", new { id, statusCode, now = now.ToMs() }, cancellationToken);

    public Task RetryAtAsync(long id, int? statusCode, string error, DateTimeOffset next, CancellationToken cancellationToken)
        => SetAsync(id, "last_status_code = @statusCode, last_error = @error, next_attempt_at = @next", new { id, statusCode, error, next = next.ToMs() }, cancellationToken);

    public Task FailedAsync(long id, int? statusCode, string error, DateTimeOffset now, CancellationToken cancellationToken)
        => SetAsync(id, "last_status_code = @statusCode, last_error = @error, next_attempt_at = null, failed_at = @now", new { id, statusCode, error, now = now.ToMs() }, cancellationToken);

    /// The store's events, newest first, before the id given (paging).
    public async Task<IReadOnlyList<ResultDelivery>> ListAsync(long storeId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ResultDelivery>(new CommandDefinition(
            $"select {Columns} from result_deliveries where store_id = @storeId and (@before is null or id < @before) order by id desc limit @limit",
            new { storeId, before, limit },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// Verifications of the store that turned needs-attention since the time given and whose turn there has no recorded
    /// event yet (a turn is told by its updated_at: a later one is a new event), oldest first.
    public async Task<IReadOnlyList<long>> AttentionWithoutEventAsync(long storeId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            """
            select v.id from verifications v
            where v.status = 'needs-attention' and v.updated_at >= @since and v.store_id = @storeId
              and not exists (select 1 from result_deliveries r
                              where r.verification_id = v.id and r.outcome = 'needs-attention' and r.created_at >= v.updated_at)
            order by v.updated_at
            limit @limit
            """,
            new { storeId, since = since.ToMs(), limit },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    /// Events still to send whose next attempt is overdue by more than the grace given and that no run holds: their
    /// job was lost (a queue restarted, a job deleted in the dashboard). Each is marked due now, in the same statement,
    /// so a queue that is only slow gets it once more per grace, not on every sweep.
    public async Task<IReadOnlyList<long>> TakeOverdueAsync(DateTimeOffset now, TimeSpan grace, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            """
            update result_deliveries set next_attempt_at = @now
            where id in (select id from result_deliveries
                         where delivered_at is null and failed_at is null and next_attempt_at <= @cutoff
                           and (claimed_until is null or claimed_until < @now)
                         order by next_attempt_at
                         limit @limit)
            returning id
            """,
            new { now = now.ToMs(), cutoff = (now - grace).ToMs(), limit },
            cancellationToken: cancellationToken));
        return ids.ToList();
    }

    // Every end of an attempt gives the lease back, in the same statement as its result.
    private async Task SetAsync(long id, string assignments, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"update result_deliveries set {assignments}, claimed_until = null where id = @id", parameters, cancellationToken: cancellationToken));
    }
}

public sealed class ResultDelivery
{
    public long Id { get; set; }

    public long StoreId { get; set; }

    public long VerificationId { get; set; }

    public string EventId { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string Payload { get; set; } = "";

    public int Attempts { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public long? NextAttemptAt { get; set; }

    public long? ClaimedUntil { get; set; }

    public long? DeliveredAt { get; set; }

    public long? FailedAt { get; set; }

    public long CreatedAt { get; set; }
}
