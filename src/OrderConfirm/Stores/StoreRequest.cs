using System.Text.Json.Serialization;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Stores;

// Body of POST /api/stores and PATCH /api/stores/{id}. On PATCH, a field left out (or null) keeps its value and an
// empty string clears an optional one.
public sealed record StoreRequest
{
    public string? Name { get; init; }

    public string? Platform { get; init; }

    public string? ShopDomain { get; init; }

    public string? ApiBaseUrl { get; init; }

    public string? AccessToken { get; init; }

    public string? ConsumerKey { get; init; }

    public string? ConsumerSecret { get; init; }

    public string? WebhookSecret { get; init; }

    public bool? Enabled { get; init; }

    public RoboCallRequest? RoboCall { get; init; }

    public SmsRequest? Sms { get; init; }

    public StoreSettings? Settings { get; init; }
}

public sealed record RoboCallRequest(string? ApiKey, [property: JsonConverter(typeof(NumberAsText))] string? VoiceId);

// fallbackProvider / fallbackApiKey: a second gateway, used when the first certainly did not send.
public sealed record SmsRequest(string? Provider, string? ApiKey, string? From, string? FallbackProvider = null, string? FallbackApiKey = null);
