using OrderConfirm.Stores;
using System.Diagnostics.CodeAnalysis;
using OrderConfirm.Security;
using OrderConfirm.Sms;

namespace OrderConfirm.StoreAdmin;

// Field-level checks for the stores API; keys are the JSON paths the caller sent, for RFC 7807 "errors".
public static class StoreValidator
{
    // The fields every store has; what a platform needs on top is its own check (IShopPlatform.Validate), and each
    // feature checks its part of the settings (IStoreSettingsRules). platforms: the keys a new store may name;
    // outbound: what shop URLs may point at (strict when not given).
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
            else if (PlaceholderCredentials.Is(value))
            {
                Add(field, "This is a placeholder from an example, not a credential: paste the real value (or leave the field out).");
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
            else if (PlaceholderCredentials.Is(sms.FallbackApiKey))
            {
                Add("sms.fallbackApiKey", "This is a placeholder from an example, not a credential: paste the real value (or leave the field out).");
            }
        }

        return errors;
    }

    private static bool IsHttpUrl(string value, [NotNullWhen(true)] out Uri? uri)
        => Uri.TryCreate(value.Trim(), UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
