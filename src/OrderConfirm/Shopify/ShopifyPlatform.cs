using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Shopify;

/// Shopify behind the platform seam. A store is known by its shop domain (X-Shopify-Shop-Domain on every webhook), so
/// two stores cannot share one; all webhooks of every store go to one URL.
public sealed class ShopifyPlatform(
    StoreRepository stores,
    ShopifyStoreDirectory directory,
    ShopifyWebhookInstaller installer,
    ShopifyAdminClient admin,
    IBackgroundJobClient jobs,
    IOptionsMonitor<ShopifyOptions> options,
    IConfiguration configuration) : IShopPlatform, IShopWebhooks, IShopReconciliation
{
    public const string Key = "shopify";

    public const string WebhookPath = "/webhooks/shopify";

    string IShopPlatform.Key => Key;

    public IShopWebhooks Webhooks => this;

    public IShopReconciliation Reconciliation => this;

    public (TimeSpan Lookback, string Setting) Lookback => (options.CurrentValue.ReconcileLookback, "Shopify:ReconcileLookback");

    public void Validate(StoreRequest request, Store? existing, StoreErrors errors) => ShopifyStoreFields.Check(request, existing, errors);

    public Store Prepare(Store? before, Store store, DateTimeOffset now) => store;

    public async Task<long?> TakenByAsync(Store store, CancellationToken cancellationToken)
        => store.ShopDomain is { } domain && await stores.FindByShopDomainAsync(Key, domain, cancellationToken) is { } other && other.Id != store.Id
            ? other.Id
            : null;

    public void Forget(Store store) => directory.Forget(store.ShopDomain);

    public string OrdersPath(Store store) => WebhookPath;

    public Task<WebhookInstallResult> InstallAsync(Store store, string deliveryUrl, CancellationToken cancellationToken)
        => installer.EnsureAsync(store, deliveryUrl, cancellationToken);

    // The same read the webhook installer starts with: it needs only a working token, and it names the shop.
    public async Task<ShopConnectionCheck?> CheckConnectionAsync(Store candidate, CancellationToken cancellationToken)
        => await admin.ExecuteAsync(candidate, "query ShopCheck { shop { name } }", null, cancellationToken) switch
        {
            ShopAnswer<JsonElement>.Ok ok when ok.Value.TryGetProperty("shop", out var shop) && shop.ValueKind == JsonValueKind.Object
                && shop.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } shopName => ShopConnectionCheck.To(shopName),
            ShopAnswer<JsonElement>.Ok => ShopConnectionCheck.To(candidate.ShopDomain ?? candidate.Name),
            var other => ShopConnectionCheck.Failed(other),
        };

    public string? DeliveryUrl(Store store) => PublicAddress.Root(configuration) is { } root ? root + WebhookPath : null;

    // Shopify signs with the app's secret, which the merchant rotates in Shopify itself; nothing to give the shop.
    public Task<WebhookInstallResult?> AfterUpdateAsync(Store before, Store after, CancellationToken cancellationToken)
        => Task.FromResult<WebhookInstallResult?>(null);

    public DateTimeOffset StartOf(Store store, DateTimeOffset now) => ShopifyReconcileOrdersJob.StartOf(store, now, options.CurrentValue.ReconcileLookback);

    public string Enqueue(long storeId) => jobs.Enqueue<ShopifyReconcileOrdersJob>(j => j.RunStoreAsync(storeId, CancellationToken.None));
}
