namespace OrderConfirm.Stores;

// Everything about a store that must never leave the service. Kept encrypted as one value (SecretProtector).
public sealed record StoreSecrets
{
    public string? AccessToken { get; init; }

    public string? ConsumerKey { get; init; }

    public string? ConsumerSecret { get; init; }

    public string? WebhookSecret { get; init; }

    // The secret before the last rotation; signatures made with it are still accepted.
    public string? PreviousWebhookSecret { get; init; }

    public string? RoboCallApiKey { get; init; }

    public string? SmsApiKey { get; init; }

    public string? SmsFallbackApiKey { get; init; }
}
