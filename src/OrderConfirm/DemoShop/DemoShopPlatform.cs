using System.Security.Cryptography;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;

namespace OrderConfirm.DemoShop;

/// The sandbox's demo shop behind the platform seam: a shop whose orders are placed with POST /sandbox/orders and
/// arrive through the webhook inbox, whose order is re-read before the call (its guard) and onto which the outcome is
/// written (its write-back), both over the demo shop's own HTTP API. It exists only while the sandbox is on.
public sealed class DemoShopPlatform : IShopPlatform
{
    public const string Key = "demo-shop";

    public const string OrdersApiPath = "/sandbox/orders";

    string IShopPlatform.Key => Key;

    public IShopWebhooks? Webhooks => null;

    public IShopReconciliation? Reconciliation => null;

    // A demo shop needs nothing from whoever creates its store: its access token is its own (Prepare).
    public void Validate(StoreRequest request, Store? existing, StoreErrors errors)
    {
    }

    public Store Prepare(Store? before, Store store, DateTimeOffset now)
        => store.Secrets.AccessToken is { Length: > 0 }
            ? store
            : store with { Secrets = store.Secrets with { AccessToken = "demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) } };

    public Task<long?> TakenByAsync(Store store, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public void Forget(Store store)
    {
    }

    public string OrdersPath(Store store) => OrdersApiPath;
}
