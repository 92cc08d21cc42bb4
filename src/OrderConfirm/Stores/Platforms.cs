namespace OrderConfirm.Stores;

public static class Platforms
{
    public const string Shopify = "shopify";
    public const string WooCommerce = "woocommerce";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> All = [Shopify, WooCommerce, Custom];
}

public static class SmsProviders
{
    public const string RoboSmsPk = "robosms-pk";
    public const string RoboSms = "robo-sms";
    public const string Robase = "robase";
    public const string None = "none";

    public static readonly IReadOnlyList<string> All = [RoboSmsPk, RoboSms, Robase, None];
}
