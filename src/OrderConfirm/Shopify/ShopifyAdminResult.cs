using System.Text.Json;

namespace OrderConfirm.Shopify;

public abstract record ShopifyAdminResult
{
    private ShopifyAdminResult()
    {
    }

    public sealed record Ok(JsonElement Data) : ShopifyAdminResult;

    // THROTTLED, 429 or 5xx or a network failure: the same request may be sent again after the delay.
    public sealed record TryLater(string Reason, TimeSpan? After) : ShopifyAdminResult;

    // 401/403: the token was revoked or lacks a scope; only the store owner can fix it.
    public sealed record Refused(string Reason) : ShopifyAdminResult;

    // Query errors that no retry will fix.
    public sealed record Failed(string Reason) : ShopifyAdminResult;
}
