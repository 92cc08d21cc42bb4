namespace OrderConfirm.Sms;

/// A store's SMS settings (its part of the store settings).
public sealed record SmsSettings
{
    // "en", "ur" or "both" (one message, English first). Default "en".
    public string? SmsLanguage { get; init; }

    // Each event (received, confirmed, cancelled, fallback) on or off. An event left out is on.
    public IReadOnlyDictionary<string, bool>? SmsEvents { get; init; }

    // The store's own text per event, with {store}, {order}, {amount}, {currency}, {customer} (and {link} where
    // allowed). An event left out uses the built-in text in SmsLanguage.
    public IReadOnlyDictionary<string, string>? SmsTemplates { get; init; }

    public bool EventOn(string smsEvent) => SmsEvents?.GetValueOrDefault(smsEvent, true) != false;
}
