using OrderConfirm.Sms;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreAdmin;

/// A create or PATCH request applied to a store: a field left out keeps its value, "" clears an optional one, and the
/// settings and SMS templates merge field by field. What a platform derives itself (a generated secret) comes after,
/// in IShopPlatform.Prepare.
public static class StoreChanges
{
    public static Store Apply(StoreRequest request, Store store)
    {
        var secrets = store.Secrets;
        var webhookSecret = StoreErrors.Merge(request.WebhookSecret, secrets.WebhookSecret);

        // A new webhook secret keeps the old one accepted, for deliveries the shop signed before it had the new one.
        var rotated = webhookSecret != secrets.WebhookSecret && secrets.WebhookSecret is not null;
        var newCredentials = request.AccessToken is not null || request.ConsumerKey is not null || request.ConsumerSecret is not null;
        var settings = request.Settings is null ? store.Settings : MergeSettings(request.Settings, store.Settings);
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

    private static StoreSettings MergeSettings(StoreSettings requested, StoreSettings current) => new()
    {
        CallDelay = requested.CallDelay ?? current.CallDelay,
        PollInterval = requested.PollInterval ?? current.PollInterval,
        GiveUpAfter = requested.GiveUpAfter ?? current.GiveUpAfter,
        Reattempts = requested.Reattempts ?? current.Reattempts,
        ReattemptAfter = requested.ReattemptAfter ?? current.ReattemptAfter,
        ReattemptOn = requested.ReattemptOn ?? current.ReattemptOn,
        NoAnswerPolicy = requested.NoAnswerPolicy is null ? current.NoAnswerPolicy : StoreErrors.Merge(requested.NoAnswerPolicy, null),
        CallingHours = requested.CallingHours is null ? current.CallingHours : StoreErrors.Merge(requested.CallingHours, null),
        TimeZone = requested.TimeZone is null ? current.TimeZone : StoreErrors.Merge(requested.TimeZone, null),
        CodGatewayNames = requested.CodGatewayNames ?? current.CodGatewayNames,
        SkipTestOrders = requested.SkipTestOrders ?? current.SkipTestOrders,
        MinAmount = requested.MinAmount ?? current.MinAmount,
        MaxAmount = requested.MaxAmount ?? current.MaxAmount,
        CodPaymentMethods = requested.CodPaymentMethods ?? current.CodPaymentMethods,
        HoldAtIntake = requested.HoldAtIntake ?? current.HoldAtIntake,
        QueryStringAuth = requested.QueryStringAuth ?? current.QueryStringAuth,
        OutcomeStatuses = requested.OutcomeStatuses ?? current.OutcomeStatuses,
        SmsLanguage = requested.SmsLanguage is null ? current.SmsLanguage : StoreErrors.Merge(requested.SmsLanguage, null),
        SmsEvents = requested.SmsEvents ?? current.SmsEvents,
        SmsTemplates = requested.SmsTemplates is null ? current.SmsTemplates : MergeTemplates(requested.SmsTemplates, current.SmsTemplates),
        RoboCallWarnBelow = requested.RoboCallWarnBelow ?? current.RoboCallWarnBelow,
        SmsWarnBelow = requested.SmsWarnBelow ?? current.SmsWarnBelow,
    };

    // Templates are set event by event; "" goes back to the built-in text of that event.
    private static Dictionary<string, string>? MergeTemplates(IReadOnlyDictionary<string, string> requested, IReadOnlyDictionary<string, string>? current)
    {
        var merged = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (smsEvent, template) in requested)
        {
            if (template.Length == 0)
            {
                merged.Remove(smsEvent);
            }
            else
            {
                merged[smsEvent] = template;
            }
        }

        return merged.Count == 0 ? null : merged;
    }

    // "none" and "" both mean no fallback.
    private static string? FallbackProvider(string? provider) => provider is null or SmsProviders.None ? null : provider;
}
