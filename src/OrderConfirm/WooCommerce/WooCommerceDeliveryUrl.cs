using System.Globalization;

namespace OrderConfirm.WooCommerce;

public static class WooCommerceDeliveryUrl
{
    // PublicBaseUrl + /webhooks/woocommerce/{storeId}, or null while the service does not know its public address.
    // WooCommerce has no shop header we could route on, so the store's id is in the path.
    public static string? For(IConfiguration configuration, long storeId)
        => configuration["PublicBaseUrl"] is { Length: > 0 } root && Uri.TryCreate(root, UriKind.Absolute, out _)
            ? string.Create(CultureInfo.InvariantCulture, $"{root.TrimEnd('/')}/webhooks/woocommerce/{storeId}")
            : null;

    // Ours when it names the same address; WordPress keeps the URL as given, so only case and a trailing slash vary.
    public static bool Same(string? deliveryUrl, string ours)
        => deliveryUrl is not null && string.Equals(deliveryUrl.Trim().TrimEnd('/'), ours.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
