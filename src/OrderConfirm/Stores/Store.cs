namespace OrderConfirm.Stores;

public sealed record Store
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required string Platform { get; init; }

    public string? ShopDomain { get; init; }

    public string? ApiBaseUrl { get; init; }

    public bool Enabled { get; init; } = true;

    public string? DisabledReason { get; init; }

    // Something only the store owner can fix (a revoked token…), shown on the store until its credentials change.
    public string? Attention { get; init; }

    public StoreSettings Settings { get; init; } = new();

    public StoreSecrets Secrets { get; init; } = new();

    public string? VoiceId { get; init; }

    // The gateway that texts the store's customers (Sms.SmsProviders); "none" sends no SMS.
    public string SmsProvider { get; init; } = "none";

    public string? SmsFrom { get; init; }

    // A second gateway for a definite failure of the first (null: none).
    public string? SmsFallbackProvider { get; init; }

    // Reconciliation has looked at every order created (Shopify) or changed (WooCommerce, by the store's clock) before
    // this; null: from CreatedAt.
    public DateTimeOffset? ReconciledThrough { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
