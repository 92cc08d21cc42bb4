namespace OrderConfirm.Toolkit;

/// One answer of a shop's API (Shopify's Admin GraphQL, WooCommerce's REST), sorted by what the caller can do about
/// it. Both platforms' clients return it, so a guard, a write-back or a reconciliation reads every shop the same way.
public abstract record ShopAnswer<T>
{
    private ShopAnswer()
    {
    }

    // TotalPages is WooCommerce's X-WP-TotalPages on list calls; Shopify pages by cursor inside Value.
    public sealed record Ok(T Value, int? TotalPages = null) : ShopAnswer<T>;

    // WooCommerce's 404, or its 400 woocommerce_rest_shop_order_invalid_id: the order (or webhook) is gone, or the
    // REST API is not where the store says. Code tells which. Shopify answers a missing order with null data instead.
    public sealed record NotFound(string Code) : ShopAnswer<T>;

    // 401/403, a revoked or read-only key or token, a missing scope, an address the shop-address guard refused: only
    // the store owner can fix it. Reason says what to check; Code is the shop's error code when it gave one
    // (WooCommerce's woocommerce_rest_…), short enough for a log line.
    public sealed record Refused(string Reason, string? Code = null) : ShopAnswer<T>;

    // 429, 5xx, a timeout or a network failure after the HTTP client's retries: the same request may be sent again,
    // after After when the shop said. Throttled says the shop only asked us to slow down (Shopify's cost budget),
    // which is not a failure.
    public sealed record TryLater(string Reason, TimeSpan? After = null, bool Throttled = false) : ShopAnswer<T>;

    // Anything else (a query error, a 400 with another code, an unreadable body): no retry will fix it.
    public sealed record Failed(string Reason) : ShopAnswer<T>;
}
