using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.WooCommerce;

/// Which secret version each of our webhooks in a WooCommerce shop was last given (woocommerce_webhooks). Written only
/// after WooCommerce accepted the secret; a webhook with no row (made by hand in wp-admin, or before this was tracked)
/// holds a secret we do not know, and is given ours.
public sealed class WooCommerceWebhookLedger(Database database, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<long, int>> GivenAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long WebhookId, int SecretVersion)>(new CommandDefinition(
            "select webhook_id, secret_version from woocommerce_webhooks where store_id = @storeId",
            new { storeId },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.WebhookId, r => r.SecretVersion);
    }

    public async Task RecordAsync(long storeId, long webhookId, int secretVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into woocommerce_webhooks (store_id, webhook_id, secret_version, updated_at) values (@storeId, @webhookId, @secretVersion, @now)
            on conflict (store_id, webhook_id) do update set secret_version = @secretVersion, updated_at = @now
            """,
            new { storeId, webhookId, secretVersion, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    // The store now points at another site: its webhook ids mean nothing there.
    public async Task ForgetAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from woocommerce_webhooks where store_id = @storeId", new { storeId }, cancellationToken: cancellationToken));
    }
}
