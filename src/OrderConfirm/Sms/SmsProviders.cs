namespace OrderConfirm.Sms;

// The gateways a store may name in sms.provider and sms.fallbackProvider; "none" sends no SMS (a store's default,
// stored as that word).
public static class SmsProviders
{
    public const string RoboSmsPk = "robosms-pk";
    public const string RoboSms = "robo-sms";
    public const string Robase = "robase";
    public const string None = "none";

    public static readonly IReadOnlyList<string> All = [RoboSmsPk, RoboSms, Robase, None];
}
