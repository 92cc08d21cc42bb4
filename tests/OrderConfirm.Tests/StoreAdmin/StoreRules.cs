using OrderConfirm.Balances;
using OrderConfirm.Custom;
using OrderConfirm.Security;
using OrderConfirm.Shopify;
using OrderConfirm.Sms;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.StoreAdmin;

/// What the stores API checks of a request, composed as StoreChecks does: the fields every store has, the ones its
/// platform needs (each platform's own check), then each feature's part of the settings.
public static class StoreRules
{
    private static readonly Dictionary<string, Action<StoreRequest, Store?, StoreErrors>> PlatformFields = new(StringComparer.Ordinal)
    {
        [ShopifyPlatform.Key] = ShopifyStoreFields.Check,
        [WooCommercePlatform.Key] = WooCommerceStoreFields.Check,
        [CustomPlatform.Key] = (_, _, _) => { },
    };

    public static readonly IReadOnlyList<IStoreSettingsRules> SettingsRules =
        [new CallSettingsRules(), new SmsSettingsRules(), new ShopifySettingsRules(), new WooCommerceSettingsRules(), new BalanceSettingsRules()];

    public static StoreErrors Validate(StoreRequest request, Store? existing, OutboundOptions? outbound = null)
    {
        var errors = StoreValidator.Validate(request, existing, PlatformFields.Keys, outbound);
        if (PlatformFields.TryGetValue(existing?.Platform ?? request.Platform ?? "", out var check))
        {
            check(request, existing, errors);
        }

        foreach (var rules in SettingsRules.Where(_ => request.Settings is not null))
        {
            rules.Validate(request.Settings!, errors);
        }

        return errors;
    }
}
