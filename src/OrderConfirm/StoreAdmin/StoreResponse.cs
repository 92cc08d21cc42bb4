using System.Text.Json.Serialization;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Webhooks;

namespace OrderConfirm.StoreAdmin;

// What the API shows of a store: which credentials are set, never their values.
public sealed record StoreResponse(
    long Id,
    string Name,
    string Platform,
    string? ShopDomain,
    string? ApiBaseUrl,
    bool Enabled,
    string? DisabledReason,
    string? Attention,
    string WebhookUrl,
    CredentialsView Credentials,
    RoboCallView RoboCall,
    SmsView Sms,
    System.Text.Json.Nodes.JsonObject Settings,
    NoAnswerView NoAnswer,
    // Shopify: reconciliation has looked at the shop's orders created up to this time (null until its first run).
    DateTimeOffset? ReconciledThrough,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    // Only on the answer to a PATCH that rotated a WooCommerce store's webhook secret: whether every webhook of ours in
    // the shop was given the new one (Topics lists each).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WebhookInstallResult? WebhookSecretRotation { get; init; }

    // The store's own API key (custom shops): its prefix and age, never the key.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StoreKeyView? ApiKey { get; init; }

    // Only in the answer that made them (creation, a PATCH that set a result webhook): secrets shown this once.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IssuedSecrets? Issued { get; init; }
}

public sealed record CredentialsView(bool AccessToken, bool ConsumerKey, bool ConsumerSecret, bool WebhookSecret, bool PreviousWebhookSecret);

// keySource: "store", "default" (RoboCall:ApiKey) or "none"; account: "ok", "out-of-balance" or "rejected".
public sealed record RoboCallView(string? VoiceId, string KeySource, string Account);

public sealed record SmsView(string Provider, string? From, bool ApiKey, string? FallbackProvider, bool FallbackApiKey, IReadOnlyList<SmsPauseView> Paused);

// A gateway paused for this store because it ran out of balance; its SMS wait (or take the fallback) until a balance
// check shows credit.
public sealed record SmsPauseView(string Provider, DateTimeOffset Since, DateTimeOffset LastChecked, string Detail);

// The re-attempt settings and no-answer policy in effect for the store: its own settings over the Verification:* defaults.
public sealed record NoAnswerView(int Reattempts, TimeSpan ReattemptAfter, IReadOnlyList<string> ReattemptOn, string NoAnswerPolicy);

// GET /api/stores: a page of stores, newest first; nextBefore is null on the last page.
public sealed record StorePage(IReadOnlyList<StoreResponse> Items, long? NextBefore);
