using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Custom;

/// A custom shop's own settings: where its results are pushed (docs/custom-shops.md). Other platforms ignore it.
public sealed record CustomShopSettings
{
    public string? ResultWebhookUrl { get; init; }
}

/// Checks the result webhook URL as a client sends it: an absolute http(s) URL that the shop-address guard allows
/// (ADR 0008), so the service cannot be pointed at its own network. The guard checks the address again on every
/// connection (ShopConnector), since what a name points at can change.
public sealed class CustomShopSettingsRules(IOptionsMonitor<OutboundOptions> outbound) : IStoreSettingsRules
{
    public const string Field = "settings.resultWebhookUrl";

    public string Platform => CustomPlatform.Key;

    public object Section(StoreSettings settings) => settings.Section<CustomShopSettings>();

    public void Validate(StoreSettings requested, StoreErrors errors)
    {
        if (!requested.TryRead<CustomShopSettings>(errors, out var settings) || settings.ResultWebhookUrl is not { Length: > 0 } url)
        {
            return;
        }

        if (url.Length > 2000 || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(Field, "The result webhook URL must be an absolute http(s) URL, e.g. https://shop.example.com/hooks/orderconfirm.");
        }
        else if (ShopUrlRules.Problem(uri, outbound.CurrentValue) is { } problem)
        {
            errors.Add(Field, problem);
        }
    }
}
