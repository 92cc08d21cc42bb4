using System.ComponentModel;
using Hangfire;
using OrderConfirm.Toolkit;
using OrderConfirm.Stores;

namespace OrderConfirm.Shopify;

/// Recurring: re-creates subscriptions Shopify removed (it deletes one after 8 failed deliveries) for every enabled
/// Shopify store.
public sealed partial class ShopifyEnsureWebhooksJob(StoreRepository stores, ShopifyWebhookInstaller installer, IConfiguration configuration, ILogger<ShopifyEnsureWebhooksJob> logger)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 24)]
    [DisplayName("Ensure Shopify webhook subscriptions")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (PublicAddress.Root(configuration) is not { } root)
        {
            LogNoPublicUrl(logger);
            return;
        }

        var callbackUrl = root + ShopifyPlatform.WebhookPath;

        await EachStore.RunAsync(stores, ShopifyPlatform.Key, "Ensuring Shopify webhooks", logger, async store =>
        {
            var result = await installer.EnsureAsync(store, callbackUrl, cancellationToken);
            if (result.CredentialsRejected)
            {
                await stores.SetAttentionAsync(store.Id, $"Webhook check: {result.Error}; update the store's access token", cancellationToken);
            }

            var created = result.Topics.Count(t => t.Status == "created");
            LogEnsured(logger, store.Id, created, result.Error ?? "ok");
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PublicBaseUrl is not set, so Shopify webhooks cannot be checked or installed")]
    private static partial void LogNoPublicUrl(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shopify webhooks of store {StoreId}: {Created} re-created ({Result})")]
    private static partial void LogEnsured(ILogger logger, long storeId, int created, string result);
}

