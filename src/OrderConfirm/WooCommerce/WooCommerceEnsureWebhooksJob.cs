using System.ComponentModel;
using Hangfire;
using OrderConfirm.Toolkit;
using OrderConfirm.Stores;

namespace OrderConfirm.WooCommerce;

/// Recurring: for every enabled WooCommerce store, re-creates a missing order webhook, re-activates one WooCommerce
/// disabled after failed deliveries (it never re-sends them, and after re-activation one more failure disables it
/// again), and gives the current secret to a webhook a rotation did not reach, so a store is back within the hour;
/// reconciliation picks up the orders missed meanwhile.
public sealed partial class WooCommerceEnsureWebhooksJob(
    StoreRepository stores, WooCommerceWebhookInstaller installer, IConfiguration configuration, ILogger<WooCommerceEnsureWebhooksJob> logger)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 24)]
    [DisplayName("Ensure WooCommerce webhooks")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (WooCommerceDeliveryUrl.For(configuration, 0) is null)
        {
            LogNoPublicUrl(logger);
            return;
        }

        await EachStore.RunAsync(stores, WooCommercePlatform.Key, "Ensuring WooCommerce webhooks", logger, async store =>
        {
            var result = await installer.EnsureAsync(store, WooCommerceDeliveryUrl.For(configuration, store.Id)!, cancellationToken);
            if (result.CredentialsRejected)
            {
                await stores.SetAttentionAsync(store.Id, $"Webhook check: {result.Error}", cancellationToken);
            }

            var created = result.Topics.Count(t => t.Status == "created");
            var reactivated = result.Topics.Count(t => t.Status == "reactivated");
            var updated = result.Topics.Count(t => t.Status == "updated");
            LogEnsured(logger, store.Id, created, reactivated, updated, result.Error ?? "ok");
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PublicBaseUrl is not set, so WooCommerce webhooks cannot be checked or installed")]
    private static partial void LogNoPublicUrl(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "WooCommerce webhooks of store {StoreId}: {Created} re-created, {Reactivated} re-activated, {Updated} given the current secret ({Result})")]
    private static partial void LogEnsured(ILogger logger, long storeId, int created, int reactivated, int updated, string result);
}
