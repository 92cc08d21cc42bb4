namespace OrderConfirm.WooCommerce;

// One WooCommerce REST answer, sorted by what the caller can do about it.
public abstract record WooAnswer<T>
{
    private WooAnswer()
    {
    }

    // TotalPages from X-WP-TotalPages on list calls.
    public sealed record Ok(T Value, int? TotalPages = null) : WooAnswer<T>;

    // 404, or 400 woocommerce_rest_shop_order_invalid_id: the order (or webhook) is gone.
    public sealed record NotFound(string Code) : WooAnswer<T>;

    // 401/403: the REST key is wrong, read-only or not seen; only the store owner can fix it. Hint says what to check.
    public sealed record Refused(string Code, string Hint) : WooAnswer<T>;

    // 429, 5xx, a timeout or a network failure after the HTTP client's retries: the same request may be sent again.
    public sealed record TryLater(string Reason, TimeSpan? After = null) : WooAnswer<T>;

    // Anything else (400 with another code, an unreadable body): no retry will fix it.
    public sealed record Failed(string Reason) : WooAnswer<T>;
}
