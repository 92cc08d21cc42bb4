namespace OrderConfirm.Sms;

/// The moments a customer may be texted, each on or off per store. Fallback follows a call that ended unreachable or
/// no-input, and asks the customer to confirm another way.
public static class SmsEvents
{
    public const string Received = "received";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";
    public const string Fallback = "fallback";

    public static readonly IReadOnlyList<string> All = [Received, Confirmed, Cancelled, Fallback];
}

/// The store setting smsLanguage: English, Urdu, or both in one message (English first).
public static class SmsLanguages
{
    public const string English = "en";
    public const string Urdu = "ur";
    public const string Both = "both";

    public static readonly IReadOnlyList<string> All = [English, Urdu, Both];
}
