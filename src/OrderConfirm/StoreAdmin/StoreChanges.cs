using OrderConfirm.Sms;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreAdmin;

/// A create or PATCH request applied to a store: a field left out keeps its value, "" clears an optional one, and the
/// settings and SMS templates merge field by field. What a platform derives itself (a generated secret) comes after,
/// in IShopPlatform.Prepare.
public static class StoreChanges
{
    // rules: each feature's settings rules, which may merge a field of its own (SMS templates, event by event).
    public static Store Apply(StoreRequest request, Store store, IEnumerable<IStoreSettingsRules> rules)
    {
        var secrets = store.Secrets;
        var webhookSecret = StoreErrors.Merge(request.WebhookSecret, secrets.WebhookSecret);

        // A new webhook secret keeps the old one accepted, for deliveries the shop signed before it had the new one.
        var rotated = webhookSecret != secrets.WebhookSecret && secrets.WebhookSecret is not null;
        var newCredentials = request.AccessToken is not null || request.ConsumerKey is not null || request.ConsumerSecret is not null;
        var settings = request.Settings is null ? store.Settings
            : store.Settings.With(request.Settings, (field, current, requested) => rules.Select(r => r.Merge(field, current, requested)).FirstOrDefault(m => m is not null));
        return store with
        {
            Name = request.Name?.Trim() ?? store.Name,
            ShopDomain = StoreErrors.Merge(request.ShopDomain, store.ShopDomain)?.ToLowerInvariant(),
            ApiBaseUrl = StoreErrors.Merge(request.ApiBaseUrl, store.ApiBaseUrl),
            Enabled = request.Enabled ?? store.Enabled,
            DisabledReason = request.Enabled == true ? null : request.Enabled == false ? "disabled by an operator" : store.DisabledReason,
            Attention = newCredentials ? null : store.Attention,
            VoiceId = request.RoboCall is null ? store.VoiceId : StoreErrors.Merge(request.RoboCall.VoiceId, store.VoiceId),
            SmsProvider = request.Sms?.Provider ?? store.SmsProvider,
            SmsFrom = request.Sms is null ? store.SmsFrom : StoreErrors.Merge(request.Sms.From, store.SmsFrom),
            SmsFallbackProvider = request.Sms is null ? store.SmsFallbackProvider : FallbackProvider(StoreErrors.Merge(request.Sms.FallbackProvider, store.SmsFallbackProvider)),
            Settings = settings,
            Secrets = secrets with
            {
                AccessToken = StoreErrors.Merge(request.AccessToken, secrets.AccessToken),
                ConsumerKey = StoreErrors.Merge(request.ConsumerKey, secrets.ConsumerKey),
                ConsumerSecret = StoreErrors.Merge(request.ConsumerSecret, secrets.ConsumerSecret),
                WebhookSecret = webhookSecret,
                PreviousWebhookSecret = rotated ? secrets.WebhookSecret : secrets.PreviousWebhookSecret,
                RoboCallApiKey = StoreErrors.Merge(request.RoboCall?.ApiKey, secrets.RoboCallApiKey),
                SmsApiKey = StoreErrors.Merge(request.Sms?.ApiKey, secrets.SmsApiKey),
                SmsFallbackApiKey = StoreErrors.Merge(request.Sms?.FallbackApiKey, secrets.SmsFallbackApiKey),
            },
        };
    }

    // "none" and "" both mean no fallback.
    private static string? FallbackProvider(string? provider) => provider is null or SmsProviders.None ? null : provider;
}
