using OrderConfirm.Stores;

namespace OrderConfirm.Shopify;

/// What a Shopify store needs besides what every store has.
public static class ShopifyStoreFields
{
    public static void Check(StoreRequest request, Store? existing, StoreErrors errors)
    {
        var secrets = existing?.Secrets ?? new StoreSecrets();
        errors.Require(StoreErrors.Merge(request.ShopDomain, existing?.ShopDomain), "shopDomain", "A Shopify store needs its shop domain (X-Shopify-Shop-Domain identifies it on webhooks).");
        errors.Require(StoreErrors.Merge(request.AccessToken, secrets.AccessToken), "accessToken", "A Shopify store needs an Admin API access token.");
        errors.Require(StoreErrors.Merge(request.WebhookSecret, secrets.WebhookSecret), "webhookSecret", "A Shopify store needs the app's webhook signing secret.");
    }
}
