using System.Text.Json;

namespace OrderConfirm.WooCommerce;

/// WooCommerce signs the body only: the topic header can be swapped on a captured body. So before a topic changes
/// anything, its body must have that topic's shape (WC_Webhook::build_payload): an order for order.created / updated /
/// restored, {"id": N} for order.deleted, {"action": hook, "arg": N} for action.* topics.
internal static class WooCommerceWebhookBodies
{
    private static readonly string[] OrderFields = ["status", "number", "order_key", "line_items", "billing"];

    /// Null when the body fits the topic; otherwise why not, in words that quote nothing from the body.
    public static string? Mismatch(string topic, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the body is not a JSON object";
        }

        return topic switch
        {
            "order.created" or "order.updated" or "order.restored" => OrderMismatch(root),
            "order.deleted" => DeletedMismatch(root),
            _ when topic.StartsWith("action.", StringComparison.Ordinal) => ActionMismatch(root, topic["action.".Length..]),
            _ => null,
        };
    }

    // The REST v3 order. The payload of an order its webhook's owner may not read, or that is gone by delivery time,
    // is the REST error object {code, message, data} instead: no id, so it is not an order either.
    private static string? OrderMismatch(JsonElement root)
    {
        if (!TryGetId(root, "id", out _))
        {
            return "no numeric order id";
        }

        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
        {
            return "no order status";
        }

        return root.TryGetProperty("action", out _) || root.TryGetProperty("arg", out _) ? "an action body, not an order" : null;
    }

    // Only the id: an order body under this topic would stop a live verification.
    private static string? DeletedMismatch(JsonElement root)
    {
        if (!TryGetId(root, "id", out _))
        {
            return "no numeric order id";
        }

        return OrderFields.Any(f => root.TryGetProperty(f, out _)) ? "an order body, not a deletion" : null;
    }

    private static string? ActionMismatch(JsonElement root, string hook)
    {
        if (!root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String || !string.Equals(action.GetString(), hook, StringComparison.Ordinal))
        {
            return "not this action's body";
        }

        return TryGetArg(root, out _) ? null : "no numeric order id in arg";
    }

    // An action's first argument as the hook was given it: the order id, a number or (from some callers) digits.
    internal static bool TryGetArg(JsonElement root, out long id)
    {
        id = 0;
        return TryGetId(root, "arg", out id)
            || (root.TryGetProperty("arg", out var arg) && arg.ValueKind == JsonValueKind.String
                && long.TryParse(arg.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0);
    }

    internal static bool TryGetId(JsonElement root, string name, out long id)
    {
        id = 0;
        return root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out id) && id > 0;
    }
}
