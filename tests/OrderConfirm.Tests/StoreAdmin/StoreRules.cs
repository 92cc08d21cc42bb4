using OrderConfirm.Custom;
using OrderConfirm.Security;
using OrderConfirm.Shopify;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.StoreAdmin;

/// What the stores API checks of a request, composed as StoresApi does: the fields every store has, then the ones its
/// platform needs (each platform's own check).
public static class StoreRules
{
    private static readonly Dictionary<string, Action<StoreRequest, Store?, StoreErrors>> PlatformFields = new(StringComparer.Ordinal)
    {
        [ShopifyPlatform.Key] = ShopifyStoreFields.Check,
        [WooCommercePlatform.Key] = WooCommerceStoreFields.Check,
        [CustomPlatform.Key] = (_, _, _) => { },
    };

    public static StoreErrors Validate(StoreRequest request, Store? existing, OutboundOptions? outbound = null)
    {
        var errors = StoreValidator.Validate(request, existing, PlatformFields.Keys, outbound);
        if (PlatformFields.TryGetValue(existing?.Platform ?? request.Platform ?? "", out var check))
        {
            check(request, existing, errors);
        }

        return errors;
    }
}
