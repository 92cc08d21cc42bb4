using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderConfirm.Bench;

/// The shops of a burst. Shopify: the Admin GraphQL operations the service sends (OrderState, TagsAdd at intake, the
/// write-back's OutcomeTags (whose tagsRemove node is the order) or, before it, TagsAdd and TagsRemove, CancelOrder, and the webhook and reconciliation queries), each order open and known once the bench posted it.
/// WooCommerce: orders with their status, meta and notes, changed by PUT and POST as WooCommerce does, so the
/// service's re-reads see its own writes.
public sealed partial class StandIns
{
    private static readonly object Cost = new { requestedQueryCost = 1, actualQueryCost = 1, throttleStatus = new { maximumAvailable = 2000.0, currentlyAvailable = 1990.0, restoreRate = 100.0 } };

    private readonly ConcurrentDictionary<long, HashSet<string>> _tags = new();
    private readonly ConcurrentDictionary<long, WooOrder> _wooOrders = new();
    private int _notes;

    private async Task<IResult> ShopifyAsync(string shop, HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var operation = OperationName().Match(body["query"]?.GetValue<string>() ?? "") is { Success: true } m ? m.Groups[1].Value : "unknown";
        await WaitAsync(shop, $"shopify {operation}");
        var variables = body["variables"] as JsonObject;
        var gid = variables?["id"]?.GetValue<string>() ?? variables?["orderId"]?.GetValue<string>() ?? "";
        var orderId = long.TryParse(gid.Split('/')[^1], CultureInfo.InvariantCulture, out var id) ? id : 0;
        object data = operation switch
        {
            "OrderState" => new { order = progress.Knows(orderId) ? new { id = gid, cancelledAt = (string?)null, closed = false, displayFulfillmentStatus = "UNFULFILLED", tags = Tags(orderId, [], add: true) } : null },
            "TagsAdd" or "TagsRemove" => ChangeTags(operation, orderId, gid, variables),
            "OutcomeTags" => OutcomeTags(orderId, gid, variables),
            "CancelOrder" => new { orderCancel = new { job = new { id = "gid://shopify/Job/1", done = false }, orderCancelUserErrors = Array.Empty<object>(), userErrors = Array.Empty<object>() } },
            "ShopCheck" => new { shop = new { name = shop } },
            "ListHooks" => new { webhookSubscriptions = new { nodes = Array.Empty<object>() } },
            "RecentOrders" => new { orders = new { nodes = Array.Empty<object>(), pageInfo = new { hasNextPage = false, endCursor = (string?)null } } },
            _ => new { },
        };
        return Results.Json(new { data, extensions = new { cost = Cost } });
    }

    private object ChangeTags(string operation, long orderId, string gid, JsonObject? variables)
    {
        var tags = (variables?["tags"] as JsonArray ?? []).Select(t => t!.GetValue<string>()).ToArray();
        Tags(orderId, tags, add: operation == "TagsAdd");
        // The write-back's last request removes cod-pending (the intake only adds it).
        if (operation == "TagsRemove" && tags.Contains("cod-pending"))
        {
            progress.WrittenBack(orderId);
        }

        var payload = new { node = new { id = gid }, userErrors = Array.Empty<object>() };
        return operation == "TagsAdd" ? new { tagsAdd = payload } : new { tagsRemove = payload };
    }

    // The write-back in one document: the outcome's tag on, cod-pending and the other outcomes' tags off.
    private object OutcomeTags(long orderId, string gid, JsonObject? variables)
    {
        Tags(orderId, List(variables, "add"), add: true);
        Tags(orderId, List(variables, "remove"), add: false);
        var tags = Tags(orderId, [], add: true);
        progress.WrittenBack(orderId);
        // tagsRemove's node is the order after both changes, as the write-back asks for it.
        return new
        {
            tagsAdd = new { node = new { id = gid }, userErrors = Array.Empty<object>() },
            tagsRemove = new { node = new { id = gid, cancelledAt = (string?)null, closed = false, displayFulfillmentStatus = "UNFULFILLED", tags }, userErrors = Array.Empty<object>() },
        };
    }

    private static string[] List(JsonObject? variables, string name)
        => (variables?[name] as JsonArray ?? []).Select(t => t!.GetValue<string>()).ToArray();

    private string[] Tags(long orderId, string[] change, bool add)
    {
        var tags = _tags.GetOrAdd(orderId, _ => []);
        lock (tags)
        {
            foreach (var tag in change)
            {
                _ = add ? tags.Add(tag) : tags.Remove(tag);
            }

            return [.. tags];
        }
    }

    private async Task<IResult> WooCommerceAsync(string shop, string path, HttpRequest request)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kind = parts switch
        {
            ["orders", _] => "order",
            ["orders", _, "notes"] => "notes",
            _ => "other " + (parts.Length > 0 ? parts[0] : ""),
        };
        await WaitAsync(shop, $"woocommerce {kind} {request.Method}");
        if (parts is ["webhooks", ..] or ["orders"])
        {
            return Results.Json(request.Method == "GET" ? new JsonArray() : new JsonObject { ["id"] = 1, ["status"] = "active" });
        }

        if (parts.Length < 2 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var orderId) || !progress.Knows(orderId))
        {
            return Results.Json(new { code = "woocommerce_rest_shop_order_invalid_id", message = "Invalid ID.", data = new { status = 404 } }, statusCode: 404);
        }

        var order = _wooOrders.GetOrAdd(orderId, _ => new WooOrder());
        var body = request.Method is "PUT" or "POST" ? await JsonNode.ParseAsync(request.Body) as JsonObject : null;
        lock (order)
        {
            switch (kind, request.Method)
            {
                case ("order", "PUT"):
                    order.Status = body?["status"]?.GetValue<string>() ?? order.Status;
                    foreach (var meta in body?["meta_data"] as JsonArray ?? [])
                    {
                        order.Meta[meta!["key"]!.GetValue<string>()] = meta["value"]!.GetValue<string>();
                    }

                    return Results.Json(order.Json(orderId));
                case ("order", _):
                    return Results.Json(order.Json(orderId));
                case ("notes", "POST"):
                    var note = new JsonObject { ["id"] = Interlocked.Increment(ref _notes), ["note"] = body?["note"]?.GetValue<string>(), ["customer_note"] = false, ["date_created_gmt"] = WooOrder.Gmt() };
                    order.Notes.Add(note);
                    // The write-back's last request is its note, after the outcome's PUT (the intake posts none).
                    if (order.Meta.TryGetValue("_orderconfirm_status", out var mark) && mark != "pending")
                    {
                        progress.WrittenBack(orderId);
                    }

                    return Results.Json(note, statusCode: 201);
                default:
                    return Results.Json(new JsonArray([.. order.Notes.Select(n => n.DeepClone())]));
            }
        }
    }

    [GeneratedRegex(@"(?:query|mutation)\s+(\w+)")]
    private static partial Regex OperationName();

    private sealed class WooOrder
    {
        public string Status { get; set; } = "processing";

        public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);

        public List<JsonObject> Notes { get; } = [];

        public static string Gmt() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        // The order as GET and PUT answer it (snake_case, money as strings), shaped like the bench's order.created body.
        public JsonObject Json(long id)
        {
            var phone = $"0300{id % 10_000_000:0000000}";
            return new JsonObject
            {
                ["id"] = id,
                ["number"] = (id + 1_000).ToString(CultureInfo.InvariantCulture),
                ["status"] = Status,
                ["currency"] = "PKR",
                ["total"] = "4599.00",
                ["payment_method"] = "cod",
                ["payment_method_title"] = "Cash on delivery",
                ["date_created_gmt"] = "2026-11-23T05:15:04",
                ["date_modified_gmt"] = Gmt(),
                ["billing"] = new JsonObject { ["first_name"] = "Ayesha", ["last_name"] = "Khan", ["phone"] = phone, ["email"] = "ayesha@example.com" },
                ["shipping"] = new JsonObject { ["first_name"] = "Ayesha", ["last_name"] = "Khan", ["phone"] = "" },
                ["meta_data"] = new JsonArray([.. Meta.Select((m, i) => (JsonNode)new JsonObject { ["id"] = 900 + i, ["key"] = m.Key, ["value"] = m.Value })]),
            };
        }
    }
}
