using System.Globalization;
using System.Text.Json;

namespace OrderConfirm.Shopify;

/// Shopify signs the body only: the topic, webhook id and shop-domain headers can be swapped on a captured body (and
/// an app's secret is shared by all its shops). So before a topic changes anything, its body must have that topic's
/// shape and name this store.
internal static class ShopifyWebhookBodies
{
    private static readonly string[] CustomerKeys = ["customer", "orders_to_redact", "orders_requested", "data_request"];

    /// Null when the body fits the topic; otherwise why not, in words that quote nothing from the body.
    public static string? Mismatch(string topic, string body, string? shopDomain)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the body is not a JSON object";
        }

        return topic switch
        {
            "orders/create" or "orders/updated" or "orders/cancelled" => OrderMismatch(root),
            "app/uninstalled" => ShopMismatch(root, shopDomain),
            "customers/data_request" => ComplianceMismatch(root, shopDomain)
                ?? (root.TryGetProperty("data_request", out var request) && request.ValueKind == JsonValueKind.Object ? null : "no data_request"),
            "customers/redact" => ComplianceMismatch(root, shopDomain) ?? CustomerRedactMismatch(root),
            "shop/redact" => ComplianceMismatch(root, shopDomain) ?? ShopRedactMismatch(root),
            _ => null,
        };
    }

    // The REST Order resource: a numeric id that its GraphQL id repeats; no shop fields of the compliance or Shop bodies.
    private static string? OrderMismatch(JsonElement root)
    {
        if (!TryGetId(root, "id", out var id))
        {
            return "no numeric order id";
        }

        if (root.TryGetProperty("admin_graphql_api_id", out var gid) && gid.ValueKind != JsonValueKind.Null
            && (gid.ValueKind != JsonValueKind.String || gid.GetString() != string.Create(CultureInfo.InvariantCulture, $"gid://shopify/Order/{id}")))
        {
            return "admin_graphql_api_id is not this order's";
        }

        return root.TryGetProperty("shop_domain", out _) || root.TryGetProperty("myshopify_domain", out _) ? "a shop body, not an order" : null;
    }

    // app/uninstalled carries the REST Shop resource: its id, and its myshopify domain (or, without it, its domain).
    private static string? ShopMismatch(JsonElement root, string? shopDomain)
    {
        if (!TryGetId(root, "id", out _))
        {
            return "no numeric shop id";
        }

        if (root.TryGetProperty("shop_domain", out _)
            || (root.TryGetProperty("admin_graphql_api_id", out var gid) && gid.ValueKind == JsonValueKind.String && !gid.GetString()!.StartsWith("gid://shopify/Shop/", StringComparison.Ordinal)))
        {
            return "not a Shop resource";
        }

        var named = root.TryGetProperty("myshopify_domain", out var myshopify) ? myshopify : root.TryGetProperty("domain", out var domain) ? domain : default;
        return IsDomain(named, shopDomain) ? null : "the shop in the body is not this store";
    }

    // customers/data_request, customers/redact, shop/redact: { shop_id, shop_domain, … }, never a resource id.
    private static string? ComplianceMismatch(JsonElement root, string? shopDomain)
    {
        if (root.TryGetProperty("id", out _) || root.TryGetProperty("admin_graphql_api_id", out _))
        {
            return "a resource body, not a compliance request";
        }

        if (root.TryGetProperty("shop_id", out _) && !TryGetId(root, "shop_id", out _))
        {
            return "shop_id is not numeric";
        }

        return root.TryGetProperty("shop_domain", out var domain) && IsDomain(domain, shopDomain) ? null : "shop_domain is not this store";
    }

    private static string? CustomerRedactMismatch(JsonElement root)
    {
        if (!root.TryGetProperty("customer", out var customer) || customer.ValueKind != JsonValueKind.Object)
        {
            return "no customer";
        }

        return root.TryGetProperty("orders_to_redact", out var orders) && orders.ValueKind == JsonValueKind.Array
            && orders.EnumerateArray().All(o => o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out _))
            ? null
            : "no numeric orders_to_redact";
    }

    // The whole shop goes: the body must be exactly a shop's request, not a customer's under another topic.
    private static string? ShopRedactMismatch(JsonElement root)
    {
        if (!TryGetId(root, "shop_id", out _))
        {
            return "no numeric shop_id";
        }

        return CustomerKeys.Any(k => root.TryGetProperty(k, out _)) ? "a customer request, not a shop's" : null;
    }

    private static bool TryGetId(JsonElement root, string name, out long id)
    {
        id = 0;
        return root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out id) && id > 0;
    }

    private static bool IsDomain(JsonElement value, string? shopDomain)
        => value.ValueKind == JsonValueKind.String && shopDomain is not null
           && string.Equals(value.GetString()?.Trim(), shopDomain, StringComparison.OrdinalIgnoreCase);
}
