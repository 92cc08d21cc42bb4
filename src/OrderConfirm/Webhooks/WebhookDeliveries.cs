using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Webhooks;

public sealed class WebhookDeliveries(Database database, TimeProvider clock)
{
    // A claim older than this belongs to a processor that died; a failed attempt waits this long before the next.
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// Takes the oldest unprocessed deliveries; on PostgreSQL, SKIP LOCKED lets several instances share the work.
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lockClause = database.Kind == DatabaseKind.PostgreSql ? "for update skip locked" : "";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            $"""
            update webhook_deliveries set status = 'processing', claimed_at = @now, attempts = attempts + 1
            where id in (
                select id from webhook_deliveries
                where (status = 'new' and (claimed_at is null or claimed_at < @retryBefore))
                   or (status = 'processing' and claimed_at < @staleBefore)
                order by id
                limit @limit
                {lockClause})
            returning id, platform, delivery_id, store_id, topic, body, attempts
            """,
            new { now = now.ToMs(), retryBefore = (now - RetryDelay).ToMs(), staleBefore = (now - StaleClaim).ToMs(), limit },
            cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// Done: the body (names, phones) is dropped; the row stays so a retried delivery is still recognised.
    public Task CompleteAsync(long id, string result, CancellationToken cancellationToken)
        => FinishAsync(id, "done", result, cancellationToken);

    public async Task RetryLaterAsync(long id, string error, int maxAttempts, int attempts, CancellationToken cancellationToken)
    {
        if (attempts >= maxAttempts)
        {
            await FinishAsync(id, "failed", error, cancellationToken);
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_deliveries set status = 'new', result = @error where id = @id and status = 'processing'",
            new { id, error },
            cancellationToken: cancellationToken));
    }

    public async Task<(string Status, string? Result)?> StatusAsync(string platform, string deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string?)>(new CommandDefinition(
            "select status, result from webhook_deliveries where platform = @platform and delivery_id = @deliveryId",
            new { platform, deliveryId },
            cancellationToken: cancellationToken));
        return rows.Select(r => ((string, string?)?)r).FirstOrDefault();
    }

    private async Task FinishAsync(long id, string status, string result, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update webhook_deliveries set status = @status, result = @result, body = null, processed_at = @now where id = @id",
            new { id, status, result, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }
}
