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

    // WooCommerce: counts the changes of WebhookSecret (1 for the first). Which secret each of our webhooks in the shop
    // was given is tracked by this number (woocommerce_webhooks), since WooCommerce never shows a secret back.
    public int WebhookSecretVersion { get; init; }

    // WooCommerce: the last version every webhook of ours was seen holding (null: never checked, or from before this
    // was tracked). Until it catches up with WebhookSecretVersion, older secrets may still sign deliveries.
    public int? WebhookSecretConfirmedVersion { get; init; }

    // WooCommerce: secrets from before the previous one that a webhook may still sign with, because a rotation has not
    // reached it yet (the shop was unreachable). See WooCommerceWebhookSecrets.
    public IReadOnlyList<RetiredWebhookSecret>? RetiredWebhookSecrets { get; init; }

    public string? RoboCallApiKey { get; init; }

    public string? SmsApiKey { get; init; }

    public string? SmsFallbackApiKey { get; init; }

    // A custom shop's result webhook signing secret ("whsec_" + base64 of 32 random bytes), made by the service.
    public string? ResultWebhookSecret { get; init; }

    // The secret before the last rotation, which also signs deliveries until PreviousResultWebhookSecretUntil, so a
    // shop can switch to the new one without refusing a delivery in between.
    public string? PreviousResultWebhookSecret { get; init; }

    public DateTimeOffset? PreviousResultWebhookSecretUntil { get; init; }
}

// DropAfter: null while a webhook may still hold the secret; once every webhook is known to hold a newer one, the time
// after which a delivery signed with it can no longer be on its way.
public sealed record RetiredWebhookSecret(string Secret, int Version, DateTimeOffset? DropAfter);
