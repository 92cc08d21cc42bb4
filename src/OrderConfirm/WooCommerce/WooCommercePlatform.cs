using System.Security.Cryptography;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Webhooks;

namespace OrderConfirm.WooCommerce;

/// WooCommerce behind the platform seam. WooCommerce sends no header that names the shop, so each store has its own
/// webhook URL (its id in the path), and we create its webhooks ourselves with a secret we choose and rotate.
public sealed class WooCommercePlatform(
    WooCommerceStoreDirectory directory,
    WooCommerceWebhookInstaller installer,
    WooCommerceSecretRotation rotation,
    WooCommerceClient client,
    IBackgroundJobClient jobs,
    IOptionsMonitor<WooCommerceOptions> options,
    IConfiguration configuration) : IShopPlatform, IShopWebhooks, IShopReconciliation
{
    public const string Key = "woocommerce";

    string IShopPlatform.Key => Key;

    public IShopWebhooks Webhooks => this;

    public IShopReconciliation Reconciliation => this;

    public (TimeSpan Lookback, string Setting) Lookback => (options.CurrentValue.ReconcileLookback, "WooCommerce:ReconcileLookback");

    public void Validate(StoreRequest request, Store? existing, StoreErrors errors) => WooCommerceStoreFields.Check(request, existing, errors);

    // We create the webhooks ourselves, so the store owner never needs to see the secret: one is made when none is
    // given. And WooCommerce keeps every secret its webhooks may still hold, since a rotation may not reach them at once.
    public Store Prepare(Store? before, Store store, DateTimeOffset now)
    {
        var secret = store.Secrets.WebhookSecret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var rotated = WooCommerceWebhookSecrets.Rotate(before?.Secrets ?? new StoreSecrets(), secret, now);
        return store with
        {
            Secrets = store.Secrets with
            {
                WebhookSecret = rotated.WebhookSecret,
                PreviousWebhookSecret = rotated.PreviousWebhookSecret,
                RetiredWebhookSecrets = rotated.RetiredWebhookSecrets,
                WebhookSecretVersion = rotated.WebhookSecretVersion,
                WebhookSecretConfirmedVersion = rotated.WebhookSecretConfirmedVersion,
            },
        };
    }

    public Task<long?> TakenByAsync(Store store, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public void Forget(Store store) => directory.Forget(store.Id);

    public string OrdersPath(Store store) => WooCommerceDeliveryUrl.Path(store.Id);

    public Task<WebhookInstallResult> InstallAsync(Store store, string deliveryUrl, CancellationToken cancellationToken)
        => installer.EnsureAsync(store, deliveryUrl, cancellationToken);

    // WooCommerce's REST API does not give the shop's name; the site's host names it.
    public async Task<ShopConnectionCheck?> CheckConnectionAsync(Store candidate, CancellationToken cancellationToken)
        => await client.ReadNewestOrderAsync(candidate, cancellationToken) switch
        {
            ShopAnswer<List<WooCommerceOrder>>.Ok => ShopConnectionCheck.To(Uri.TryCreate(candidate.ApiBaseUrl, UriKind.Absolute, out var site) ? site.Host : candidate.Name),
            var other => ShopConnectionCheck.Failed(other),
        };

    public string? DeliveryUrl(Store store) => WooCommerceDeliveryUrl.For(configuration, store.Id);

    public Task<WebhookInstallResult?> AfterUpdateAsync(Store before, Store after, CancellationToken cancellationToken)
        => rotation.AfterUpdateAsync(before, after, cancellationToken);

    public DateTimeOffset StartOf(Store store, DateTimeOffset now) => WooCommerceReconcileOrdersJob.StartOf(store, now, options.CurrentValue.ReconcileLookback);

    public string Enqueue(long storeId) => jobs.Enqueue<WooCommerceReconcileOrdersJob>(j => j.RunStoreAsync(storeId, CancellationToken.None));
}
