using System.Globalization;
using OrderConfirm.Toolkit;

namespace OrderConfirm.WooCommerce;

public static class WooCommerceDeliveryUrl
{
    // PublicBaseUrl + /webhooks/woocommerce/{storeId}, or null while the service does not know its public address.
    // WooCommerce has no shop header we could route on, so the store's id is in the path.
    public static string? For(IConfiguration configuration, long storeId)
        => PublicAddress.Root(configuration) is { } root ? root + Path(storeId) : null;

    /// Relative to the service's public root.
    public static string Path(long storeId) => string.Create(CultureInfo.InvariantCulture, $"/webhooks/woocommerce/{storeId}");

    // Ours when it names the same address; WordPress keeps the URL as given, so only case and a trailing slash vary.
    public static bool Same(string? deliveryUrl, string ours)
        => deliveryUrl is not null && string.Equals(deliveryUrl.Trim().TrimEnd('/'), ours.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
