using OrderConfirm.Stores;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Platforms;

/// A shop platform OrderConfirm serves (Shopify, WooCommerce, a custom shop that posts its orders itself): what the
/// stores API, webhook installation and reconciliation ask of it. Its webhook handler, order guard and write-back are
/// registered with it under the same key (ShopPlatformRegistration), and the engine resolves them by a store's
/// platform. Nothing outside a platform's folder names a platform.
public interface IShopPlatform
{
    /// The key: a store's "platform" in the API, and the key its parts are registered under.
    string Key { get; }

    /// The fields this platform needs on a store, checked when one is created or changed; each error names its field.
    void Validate(StoreRequest request, Store? existing, StoreErrors errors);

    /// The store about to be saved (before: as stored, null when it is being created): what the platform derives itself,
    /// such as a generated webhook secret or the secrets a rotation retires.
    Store Prepare(Store? before, Store store, DateTimeOffset now);

    /// Another store that already stands for the same shop (the webhooks could not tell them apart), or null.
    Task<long?> TakenByAsync(Store store, CancellationToken cancellationToken);

    /// Drops what the platform keeps in memory about the store (signing keys, the shop's domain) after it changed.
    void Forget(Store store);

    /// Where orders of the store arrive, relative to the service's public root (e.g. /webhooks/shopify).
    string OrdersPath(Store store);

    /// After the store was saved (before: null when it was just created): the secrets the service issues to it, shown
    /// in this one answer and never again (a custom shop's API key), or null.
    Task<IssuedSecrets?> IssueAsync(Store? before, Store after, CancellationToken cancellationToken) => Task.FromResult<IssuedSecrets?>(null);

    /// Asks the shop now, with one read and the candidate's credentials (perhaps not saved yet), whether they work; null
    /// when the platform has no shop to ask (a custom shop posts to the API, the demo shop's token is its own).
    Task<ShopConnectionCheck?> CheckConnectionAsync(Store candidate, CancellationToken cancellationToken) => Task.FromResult<ShopConnectionCheck?>(null);

    /// Null when the platform has no webhooks to install (the shop posts to the API itself).
    IShopWebhooks? Webhooks { get; }

    /// Null when the platform has nothing to reconcile.
    IShopReconciliation? Reconciliation { get; }
}

/// Secrets made by the service for a store, in the answer that made them; only their hashes or ciphertexts are kept.
public sealed record IssuedSecrets
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiKey { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ResultWebhookSecret { get; init; }
}

/// Installing a store's webhook subscriptions on the shop and keeping them so.
public interface IShopWebhooks
{
    /// Creates the missing subscriptions (idempotent); deliveryUrl is null while PublicBaseUrl is not set.
    Task<WebhookInstallResult> InstallAsync(Store store, string deliveryUrl, CancellationToken cancellationToken);

    /// The full URL the shop delivers the store's webhooks to, or null while PublicBaseUrl is not set.
    string? DeliveryUrl(Store store);

    /// After a store was changed: brings the shop's subscriptions in line (a rotated secret), or null when nothing was
    /// to be done.
    Task<WebhookInstallResult?> AfterUpdateAsync(Store before, Store after, CancellationToken cancellationToken);
}

/// Finding the shop's orders no webhook brought.
public interface IShopReconciliation
{
    /// How far back a backfill may look, and the setting that says so (for the error message).
    (TimeSpan Lookback, string Setting) Lookback { get; }

    /// Where the store's next run starts (its mark, or the earliest the lookback allows).
    DateTimeOffset StartOf(Store store, DateTimeOffset now);

    /// Runs the store's reconciliation now, as a job; returns the job's id.
    string Enqueue(long storeId);
}
