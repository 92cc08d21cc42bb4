using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Webhooks;

/// Remembers orders the shop closed (cancelled, fulfilled, closed), whichever delivery told us first, so a late
/// or out-of-order "create" can never lead to a call. A WooCommerce order can be opened again (ReopenAsync); the shop's
/// own time of each change (changed_at) orders a close and a reopen that arrive in either order.
public sealed class ShopOrders(Database database, TimeProvider clock)
{
    // Shopify: cancellation cannot be undone there, so a close is final and needs no time.
    public Task MarkClosedAsync(long storeId, string orderId, string reason, CancellationToken cancellationToken)
        => MarkClosedAsync(storeId, orderId, reason, null, cancellationToken);

    /// Records the close unless the row already holds a change the shop saved later (a reopen that overtook this
    /// delivery). changedAt: the shop's time of the change, null when unknown (which always applies). False when
    /// the close was older than what is recorded.
    public async Task<bool> MarkClosedAsync(long storeId, string orderId, string reason, DateTimeOffset? changedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into shop_orders (store_id, order_id, closed_reason, changed_at, updated_at) values (@storeId, @orderId, @reason, @changedAt, @now)
            on conflict (store_id, order_id) do update set closed_reason = @reason, changed_at = @changedAt, updated_at = @now
            where @changedAt is null or shop_orders.changed_at is null or shop_orders.changed_at <= @changedAt
            """,
            new { storeId, orderId, reason, changedAt = changedAt?.ToMs(), now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// Deletes up to limit marks last changed before the time given, except those of an order whose verification may
    /// still call (pending, calling, needs-attention): for those the mark is what stops a late call. Returns how many.
    public async Task<int> PruneAsync(DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from shop_orders
            where (store_id, order_id) in (
                select o.store_id, o.order_id from shop_orders o
                where o.updated_at <= @changedBefore
                  and not exists (select 1 from verifications v
                                  where v.store_id = o.store_id and v.order_id = o.order_id
                                    and v.status in ('pending', 'calling', 'needs-attention'))
                limit @limit)
            """,
            new { changedBefore = changedBefore.ToMs(), limit },
            cancellationToken: cancellationToken));
    }

    public async Task<string?> ClosedReasonAsync(long storeId, string orderId, CancellationToken cancellationToken)
        => (await GetAsync(storeId, orderId, cancellationToken))?.ClosedReason;

    public async Task<ShopOrderState?> GetAsync(long storeId, string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select closed_reason, changed_at from shop_orders where store_id = @storeId and order_id = @orderId",
            new { storeId, orderId },
            cancellationToken: cancellationToken));
        return row is null ? null : new ShopOrderState(row.ClosedReason, UnixTime.FromMs(row.ChangedAt));
    }

    /// Opens a closed order again on a change the shop saved at changedAt, and in the same transaction puts its
    /// verification back to waiting for its call when restart is given and the verification never dialled: stopped
    /// (skipped) before any call, not by an operator, with its phone. A close recorded meanwhile wins either way.
    /// closeTimeUnknownOk: the store itself was asked and shows the order open, so a close without a time (a deletion)
    /// or of the same second gives way too; otherwise only a close the shop saved before changedAt does.
    public async Task<ShopOrderReopen> ReopenAsync(
        long storeId, string orderId, DateTimeOffset changedAt, bool closeTimeUnknownOk, ShopOrderRestart? restart, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var reopened = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            update shop_orders set closed_reason = null, changed_at = @changedAt, updated_at = @now
            where store_id = @storeId and order_id = @orderId and closed_reason is not null
              and {(closeTimeUnknownOk ? "(changed_at is null or changed_at <= @changedAt)" : "changed_at < @changedAt")}
            """,
            new { storeId, orderId, changedAt = changedAt.ToMs(), now },
            transaction,
            cancellationToken: cancellationToken)) == 1;
        if (!reopened)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ShopOrderReopen(false, null);
        }

        long? restarted = null;
        if (restart is not null)
        {
            restarted = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                update verifications set status = 'pending', step = 'call', due_at = @dueAt, job_id = null, reason = null,
                    call_failures = 0, last_call_error = null, updated_at = @now
                where store_id = @storeId and order_id = @orderId and status = 'skipped' and step = 'done'
                  and attempt = 1 and dial_started_at is null and call_id is null and outcome is null and phone is not null
                  and (decided_by is null or decided_by not in ('operator', 'owner'))
                returning id
                """,
                new { storeId, orderId, dueAt = restart.DueAt.ToMs(), now },
                transaction,
                cancellationToken: cancellationToken));
            if (restarted is { } id)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into verification_events (verification_id, at, kind, message) values (@id, @now, 'reopened', @message)",
                    new { id, now, message = restart.Message },
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ShopOrderReopen(true, restarted);
    }

    private sealed class Row
    {
        public string? ClosedReason { get; set; }

        public long? ChangedAt { get; set; }
    }
}

// ClosedReason null: the order was closed once and opened again. ChangedAt: the shop's time of that last change.
public sealed record ShopOrderState(string? ClosedReason, DateTimeOffset? ChangedAt);

public sealed record ShopOrderRestart(DateTimeOffset DueAt, string Message);

// Restarted: the verification put back to waiting for its call, if there was one to restart.
public sealed record ShopOrderReopen(bool Reopened, long? Restarted);
