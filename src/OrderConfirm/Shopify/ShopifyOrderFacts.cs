using System.Globalization;
using System.Text.Json;

namespace OrderConfirm.Shopify;

/// The facts about an order that decide its verification, whether they came from a webhook body (REST shape) or
/// from the reconciliation query (GraphQL shape).
public sealed record ShopifyOrderFacts(
    string OrderId,
    string? Name,
    bool Test,
    bool Cancelled,
    IReadOnlyList<string> Gateways,
    decimal Amount,
    string? Currency,
    IReadOnlyList<string?> Phones,
    string? CustomerName,
    IReadOnlyList<string> Tags)
{
    public static ShopifyOrderFacts FromWebhook(ShopifyOrderPayload order)
    {
        var presentment = order.TotalPriceSet?.PresentmentMoney;
        var amountText = presentment?.Amount ?? order.TotalPriceSet?.ShopMoney?.Amount ?? order.TotalPrice;
        return new ShopifyOrderFacts(
            order.Id.ToString(CultureInfo.InvariantCulture),
            order.Name,
            order.Test,
            order.CancelledAt is not null,
            (order.PaymentGatewayNames ?? []).Append(order.Gateway).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g!.Trim()).ToList(),
            ParseAmount(amountText),
            presentment?.CurrencyCode ?? order.PresentmentCurrency ?? order.Currency,
            [order.ShippingAddress?.Phone, order.Phone, order.BillingAddress?.Phone, order.Customer?.Phone],
            order.ShippingAddress?.Name ?? JoinName(order.Customer?.FirstName, order.Customer?.LastName),
            []);
    }

    public static ShopifyOrderFacts FromGraphQl(JsonElement order)
    {
        string? Text(JsonElement e, params string[] path)
        {
            foreach (var step in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(step, out e))
                {
                    return null;
                }
            }

            return e.ValueKind == JsonValueKind.String ? e.GetString() : e.ValueKind == JsonValueKind.Number ? e.GetRawText() : null;
        }

        IReadOnlyList<string> Strings(string name)
            => order.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];

        return new ShopifyOrderFacts(
            Text(order, "legacyResourceId") ?? Text(order, "id")?.Split('/')[^1] ?? "",
            Text(order, "name"),
            order.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.True,
            Text(order, "cancelledAt") is not null,
            Strings("paymentGatewayNames"),
            ParseAmount(Text(order, "totalPriceSet", "presentmentMoney", "amount") ?? Text(order, "totalPriceSet", "shopMoney", "amount")),
            Text(order, "totalPriceSet", "presentmentMoney", "currencyCode") ?? Text(order, "totalPriceSet", "shopMoney", "currencyCode"),
            [Text(order, "shippingAddress", "phone"), Text(order, "phone"), Text(order, "billingAddress", "phone"), Text(order, "customer", "defaultPhoneNumber", "phoneNumber")],
            Text(order, "shippingAddress", "name") ?? JoinName(Text(order, "customer", "firstName"), Text(order, "customer", "lastName")),
            Strings("tags"));
    }

    private static decimal ParseAmount(string? text)
        => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;

    private static string? JoinName(string? first, string? last)
        => string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : null;
}
