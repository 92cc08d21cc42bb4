using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Webhooks;

/// Remembers orders the shop closed (cancelled, fulfilled, closed), whichever delivery told us first, so a late
/// or out-of-order "create" can never lead to a call.
public sealed class ShopOrders(Database database, TimeProvider clock)
{
    public async Task MarkClosedAsync(long storeId, string orderId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into shop_orders (store_id, order_id, closed_reason, updated_at) values (@storeId, @orderId, @reason, @now)
            on conflict (store_id, order_id) do update set closed_reason = @reason, updated_at = @now
            """,
            new { storeId, orderId, reason, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    public async Task<string?> ClosedReasonAsync(long storeId, string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select closed_reason from shop_orders where store_id = @storeId and order_id = @orderId",
            new { storeId, orderId },
            cancellationToken: cancellationToken));
    }
}
