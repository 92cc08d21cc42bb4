using System.Text.Json;

namespace OrderConfirm.Shopify;

// What the shop says about an order right now: read before a late dial, and returned by the write-back's OutcomeTags.
public sealed record ShopifyOrderState(bool Exists, string? CancelledAt, bool Closed, string? FulfillmentStatus, IReadOnlyList<string> Tags)
{
    public const string Query = """
        query OrderState($id: ID!) {
          order(id: $id) { id cancelledAt closed displayFulfillmentStatus tags }
        }
        """;

    // Why the order is no longer open, or null while it is.
    public string? ClosedReason => !Exists ? "deleted"
        : CancelledAt is not null ? "cancelled"
        : string.Equals(FulfillmentStatus, "FULFILLED", StringComparison.OrdinalIgnoreCase) ? "fulfilled"
        : Closed ? "closed"
        : null;

    public static ShopifyOrderState From(JsonElement data)
        => FromOrder(data.TryGetProperty("order", out var order) ? order : default);

    // A null or missing order: the shop does not know it (deleted, or never there).
    public static ShopifyOrderState FromOrder(JsonElement order)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            return new ShopifyOrderState(false, null, false, null, []);
        }

        string? Text(string name) => order.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var tags = order.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : [];
        return new ShopifyOrderState(
            true,
            Text("cancelledAt"),
            order.TryGetProperty("closed", out var closed) && closed.ValueKind == JsonValueKind.True,
            Text("displayFulfillmentStatus"),
            tags);
    }
}
