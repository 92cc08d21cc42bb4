using OrderConfirm.Stores;

namespace OrderConfirm.WooCommerce;

/// What a WooCommerce store needs besides what every store has. No webhook secret: we make one (WooCommercePlatform).
public static class WooCommerceStoreFields
{
    public static void Check(StoreRequest request, Store? existing, StoreErrors errors)
    {
        var secrets = existing?.Secrets ?? new StoreSecrets();
        errors.Require(StoreErrors.Merge(request.ApiBaseUrl, existing?.ApiBaseUrl), "apiBaseUrl", "A WooCommerce store needs its site URL.");
        errors.Require(StoreErrors.Merge(request.ConsumerKey, secrets.ConsumerKey), "consumerKey", "A WooCommerce store needs a REST API consumer key.");
        errors.Require(StoreErrors.Merge(request.ConsumerSecret, secrets.ConsumerSecret), "consumerSecret", "A WooCommerce store needs a REST API consumer secret.");
    }
}
