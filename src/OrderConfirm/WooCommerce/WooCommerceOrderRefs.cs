using System.Globalization;

namespace OrderConfirm.WooCommerce;

public static class WooCommerceOrderRefs
{
    // A verification's order id for a WooCommerce store is the order's id (not its number), a positive whole number.
    public static bool TryParseId(string orderId, out long id)
        => long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    // A 404 means the order is gone only when WooCommerce itself says the id is invalid. rest_no_route, or a web
    // server's own 404 page, means the REST API is not where the store's apiBaseUrl points (a moved site, plain
    // permalinks): every order would look deleted, and none is.
    public static bool IsGone(string code) => code is "woocommerce_rest_shop_order_invalid_id" or "woocommerce_rest_order_invalid_id";

    public static string ApiNotFound(string code)
        => $"the WooCommerce REST API was not found at the store's apiBaseUrl (HTTP 404, {code}); check apiBaseUrl (the site URL) and that WordPress permalinks are not \"Plain\"";
}
