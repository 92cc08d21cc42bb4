using System.Text.Json;

namespace OrderConfirm.Shopify;

public abstract record ShopifyAdminResult
{
    private ShopifyAdminResult()
    {
    }

    public sealed record Ok(JsonElement Data) : ShopifyAdminResult;

    // 5xx or a network failure after the HTTP retries, or the shop's cost budget (THROTTLED, 429) needs a longer wait
    // than a request may block for: the same request may be sent again after the delay. Throttled says the shop only
    // asked us to slow down, which is not a failure.
    public sealed record TryLater(string Reason, TimeSpan? After, bool Throttled = false) : ShopifyAdminResult;

    // 401/403: the token was revoked or lacks a scope; only the store owner can fix it.
    public sealed record Refused(string Reason) : ShopifyAdminResult;

    // Query errors that no retry will fix.
    public sealed record Failed(string Reason) : ShopifyAdminResult;
}
