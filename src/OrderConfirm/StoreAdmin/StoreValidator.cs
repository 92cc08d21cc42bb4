using OrderConfirm.Stores;
using System.Diagnostics.CodeAnalysis;
using OrderConfirm.Security;
using OrderConfirm.Sms;
using OrderConfirm.Verification;

namespace OrderConfirm.StoreAdmin;

// Field-level checks for the stores API; keys are the JSON paths the caller sent, for RFC 7807 "errors".
public static class StoreValidator
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxGiveUp = TimeSpan.FromDays(7);

    // The fields every store has; what a platform needs on top is its own check (IShopPlatform.Validate). platforms:
    // the keys a new store may name; outbound: what shop URLs may point at (strict when not given).
    public static StoreErrors Validate(StoreRequest request, Store? existing, IReadOnlyCollection<string> platforms, OutboundOptions? outbound = null)
    {
        outbound ??= new OutboundOptions();
        var errors = new StoreErrors();
        void Add(string field, string message) => errors.Add(field, message);

        var creating = existing is null;
        if (creating && string.IsNullOrWhiteSpace(request.Name))
        {
            Add("name", "A store name is required (it is spoken in the call).");
        }
        else if (request.Name is { } name && (name.Trim().Length is 0 or > 100))
        {
            Add("name", "The name must be 1 to 100 characters.");
        }

        if (creating && !platforms.Contains(request.Platform ?? ""))
        {
            Add("platform", $"The platform must be one of: {string.Join(", ", platforms)}.");
        }
        else if (!creating && request.Platform is not null && request.Platform != existing!.Platform)
        {
            Add("platform", "The platform of a store cannot change; create a new store instead.");
        }

        if (request.ShopDomain is { Length: > 0 } domain && Uri.CheckHostName(domain.Trim()) != UriHostNameType.Dns)
        {
            Add("shopDomain", "The shop domain must be a host name such as lahore-lawn.myshopify.com (no https://, no path).");
        }
        else if (request.ShopDomain is { Length: > 0 } host && ShopUrlRules.HostProblem(host.Trim(), outbound) is { } hostProblem)
        {
            Add("shopDomain", hostProblem);
        }

        if (request.ApiBaseUrl is { Length: > 0 } url)
        {
            if (!IsHttpUrl(url, out var uri))
            {
                Add("apiBaseUrl", "The API base URL must be an absolute http(s) URL.");
            }
            else if (ShopUrlRules.Problem(uri, outbound) is { } urlProblem)
            {
                Add("apiBaseUrl", urlProblem);
            }
        }

        var secrets = existing?.Secrets ?? new StoreSecrets();
        foreach (var (field, value) in new[]
        {
            ("accessToken", request.AccessToken), ("consumerKey", request.ConsumerKey), ("consumerSecret", request.ConsumerSecret),
            ("webhookSecret", request.WebhookSecret), ("roboCall.apiKey", request.RoboCall?.ApiKey), ("sms.apiKey", request.Sms?.ApiKey),
        })
        {
            if (value is { Length: > 500 })
            {
                Add(field, "The value is longer than 500 characters.");
            }
        }

        if (request.RoboCall?.VoiceId is { Length: > 0 } voiceId && (voiceId.Length > 10 || !voiceId.All(char.IsAsciiDigit)))
        {
            Add("roboCall.voiceId", "The voice id must be the number Robo Call gave the voice, e.g. 102.");
        }

        if (request.Sms is { } sms)
        {
            var provider = sms.Provider ?? existing?.SmsProvider ?? SmsProviders.None;
            if (!SmsProviders.All.Contains(provider))
            {
                Add("sms.provider", $"The SMS provider must be one of: {string.Join(", ", SmsProviders.All)}.");
            }
            else if (provider != SmsProviders.None && string.IsNullOrEmpty(StoreErrors.Merge(sms.ApiKey, secrets.SmsApiKey)))
            {
                Add("sms.apiKey", $"The {provider} gateway needs an API key.");
            }

            if (sms.From is { Length: > 20 })
            {
                Add("sms.from", "The sender id must be at most 20 characters.");
            }

            var fallback = StoreErrors.Merge(sms.FallbackProvider, existing?.SmsFallbackProvider) ?? SmsProviders.None;
            if (!SmsProviders.All.Contains(fallback))
            {
                Add("sms.fallbackProvider", $"The fallback SMS provider must be one of: {string.Join(", ", SmsProviders.All)}.");
            }
            else if (fallback != SmsProviders.None && provider == SmsProviders.None)
            {
                Add("sms.fallbackProvider", "A fallback gateway needs a first one: set sms.provider too.");
            }
            else if (fallback != SmsProviders.None && fallback == provider)
            {
                Add("sms.fallbackProvider", "The fallback must be another gateway than sms.provider.");
            }
            else if (fallback != SmsProviders.None && string.IsNullOrEmpty(StoreErrors.Merge(sms.FallbackApiKey, secrets.SmsFallbackApiKey)))
            {
                Add("sms.fallbackApiKey", $"The {fallback} gateway needs an API key of its own.");
            }

            if (sms.FallbackApiKey is { Length: > 500 })
            {
                Add("sms.fallbackApiKey", "The value is longer than 500 characters.");
            }
        }

        if (request.Settings is { } settings)
        {
            if (settings.CallDelay is { } delay && (delay < TimeSpan.Zero || delay > MaxDelay))
            {
                Add("settings.callDelay", "The call delay must be between 00:00:00 and 1.00:00:00.");
            }

            if (settings.PollInterval is { } poll && (poll < TimeSpan.FromSeconds(5) || poll > TimeSpan.FromHours(1)))
            {
                Add("settings.pollInterval", "The poll interval must be between 00:00:05 and 01:00:00.");
            }

            if (settings.GiveUpAfter is { } giveUp && (giveUp <= TimeSpan.Zero || giveUp > MaxGiveUp))
            {
                Add("settings.giveUpAfter", "Give-up must be after 00:00:00 and at most 7.00:00:00.");
            }

            if (!string.IsNullOrWhiteSpace(settings.CallingHours) && !CallingWindow.TryParse(settings.CallingHours, out _))
            {
                Add("settings.callingHours", "Calling hours must look like 09:00-21:00 (00:00-24:00 = always; 21:00-02:00 crosses midnight).");
            }

            if (!string.IsNullOrWhiteSpace(settings.TimeZone) && !TimeZones.TryFind(settings.TimeZone, out _))
            {
                Add("settings.timeZone", "Unknown time zone; use an IANA id such as Asia/Karachi.");
            }

            if (settings.Reattempts is < 0 or > NoAnswerPolicies.MaxReattempts)
            {
                Add("settings.reattempts", $"Re-attempts must be between 0 and {NoAnswerPolicies.MaxReattempts} (extra calls after the first).");
            }

            if (settings.ReattemptAfter is { } after && (after < NoAnswerPolicies.MinReattemptAfter || after > NoAnswerPolicies.MaxReattemptAfter))
            {
                Add("settings.reattemptAfter", "The wait before a re-attempt must be between 00:00:01 and 2.00:00:00.");
            }

            if (settings.ReattemptOn is { } on)
            {
                if (on.Contains(VerificationStatus.Callback))
                {
                    Add("settings.reattemptOn", "callback is never re-attempted: the customer answered and asked the shop to call them.");
                }
                else if (on.Count == 0 || on.Any(o => !NoAnswerPolicies.Unanswered.Contains(o)))
                {
                    Add("settings.reattemptOn", $"List one or both of: {string.Join(", ", NoAnswerPolicies.Unanswered)}.");
                }
            }

            if (settings.NoAnswerPolicy is { Length: > 0 } policy && !NoAnswerPolicies.All.Contains(policy))
            {
                Add("settings.noAnswerPolicy", $"Use one of: {string.Join(", ", NoAnswerPolicies.All)}.");
            }

            if (settings.CodGatewayNames is { } gateways && (gateways.Count is 0 or > 20 || gateways.Any(g => string.IsNullOrWhiteSpace(g) || g.Length > 100)))
            {
                Add("settings.codGatewayNames", "Give 1 to 20 gateway names, e.g. [\"Cash on Delivery (COD)\"].");
            }

            if (settings.CodPaymentMethods is { } methods && (methods.Count is 0 or > 20 || methods.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 100)))
            {
                Add("settings.codPaymentMethods", "Give 1 to 20 WooCommerce payment method ids, e.g. [\"cod\"].");
            }

            if (settings.SmsLanguage is { Length: > 0 } language && !SmsLanguages.All.Contains(language))
            {
                Add("settings.smsLanguage", $"Use one of: {string.Join(", ", SmsLanguages.All)}.");
            }

            foreach (var smsEvent in (settings.SmsEvents?.Keys ?? []).Where(e => !SmsEvents.All.Contains(e)))
            {
                Add($"settings.smsEvents.{smsEvent}", $"Unknown event; use one of: {string.Join(", ", SmsEvents.All)}.");
            }

            foreach (var (smsEvent, template) in settings.SmsTemplates ?? new Dictionary<string, string>())
            {
                if (!SmsEvents.All.Contains(smsEvent))
                {
                    Add($"settings.smsTemplates.{smsEvent}", $"Unknown event; use one of: {string.Join(", ", SmsEvents.All)}.");
                }
                else if (template.Length > 0 && SmsTemplates.Problem(template, smsEvent) is { } problem)
                {
                    Add($"settings.smsTemplates.{smsEvent}", problem);
                }
            }

            if (settings.OutcomeStatuses is { } statuses)
            {
                foreach (var (outcome, status) in statuses)
                {
                    if (!VerificationStatus.CallOutcomes.Contains(outcome))
                    {
                        Add($"settings.outcomeStatuses.{outcome}", $"Unknown outcome; use one of: {string.Join(", ", VerificationStatus.CallOutcomes)}.");
                    }
                    else if (status.Length > 0 && !IsStatusSlug(status))
                    {
                        Add($"settings.outcomeStatuses.{outcome}", "A WooCommerce order status slug such as processing, cancelled or on-hold (without wc-), or \"\" to leave the status alone.");
                    }
                }
            }

            if (settings.RoboCallWarnBelow is < 0)
            {
                Add("settings.roboCallWarnBelow", "A Robo Call balance (PKR) of 0 or more; below it the balance job logs a warning.");
            }

            if (settings.SmsWarnBelow is < 0)
            {
                Add("settings.smsWarnBelow", "An SMS balance (in the gateway's unit) of 0 or more; below it the balance job logs a warning.");
            }

            if (settings.MinAmount is < 0 || settings.MaxAmount is < 0 || (settings.MinAmount is { } min && settings.MaxAmount is { } max && min > max))
            {
                Add("settings.minAmount", "Amounts must not be negative, and minAmount must not exceed maxAmount.");
            }
        }

        return errors;
    }

    // Core statuses and the ones plugins register are lower-case slugs; "wc-" is the database prefix, not the REST one.
    private static bool IsStatusSlug(string value)
        => value.Length <= 20 && !value.StartsWith("wc-", StringComparison.Ordinal) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static bool IsHttpUrl(string value, [NotNullWhen(true)] out Uri? uri)
        => Uri.TryCreate(value.Trim(), UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
