using OrderConfirm.Platforms;
using OrderConfirm.Stores;

namespace OrderConfirm.Custom;

/// A shop of the merchant's own making: it posts its orders to POST /api/verifications with its own API key (issued
/// when the store is created) and reads the outcome from the API, so it needs no shop credentials, installs no
/// webhooks and has nothing to reconcile.
public sealed class CustomPlatform(StoreApiKeys apiKeys) : IShopPlatform
{
    public const string Key = "custom";

    public const string OrdersApiPath = "/api/verifications";

    string IShopPlatform.Key => Key;

    public IShopWebhooks? Webhooks => null;

    public IShopReconciliation? Reconciliation => null;

    public void Validate(StoreRequest request, Store? existing, StoreErrors errors)
    {
    }

    // A result webhook URL set for the first time gets its signing secret, shown in the answer (IssueAsync).
    public Store Prepare(Store? before, Store store, DateTimeOffset now)
        => !string.IsNullOrWhiteSpace(store.Settings.Section<CustomShopSettings>().ResultWebhookUrl) && store.Secrets.ResultWebhookSecret is null
            ? store with { Secrets = store.Secrets with { ResultWebhookSecret = ResultWebhookSignature.NewSecret() } }
            : store;

    public Task<long?> TakenByAsync(Store store, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public void Forget(Store store)
    {
    }

    public string OrdersPath(Store store) => OrdersApiPath;

    public async Task<IssuedSecrets?> IssueAsync(Store? before, Store after, CancellationToken cancellationToken)
    {
        var apiKey = before is null ? (await apiKeys.IssueAsync(after.Id, cancellationToken)).ApiKey : null;
        var secret = after.Secrets.ResultWebhookSecret != before?.Secrets.ResultWebhookSecret ? after.Secrets.ResultWebhookSecret : null;
        return apiKey is null && secret is null ? null : new IssuedSecrets { ApiKey = apiKey, ResultWebhookSecret = secret };
    }
}
