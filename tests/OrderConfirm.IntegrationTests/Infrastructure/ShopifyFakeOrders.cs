using System.Globalization;
using System.Text.RegularExpressions;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// An order in the stub shop's search index, answered in the shape of the reconciliation query.
public sealed record ShopifyFakeOrder(long Id, DateTimeOffset CreatedAt, string Phone, string[] Gateways, string[] Tags)
{
    public const string Cod = "Cash on Delivery (COD)";

    public static ShopifyFakeOrder CashOnDelivery(long id, DateTimeOffset createdAt, string phone) => new(id, createdAt, phone, [Cod], []);

    public static ShopifyFakeOrder Prepaid(long id, DateTimeOffset createdAt, string phone) => new(id, createdAt, phone, ["shopify_payments"], []);

    public object Node() => new
    {
        id = $"gid://shopify/Order/{Id}",
        legacyResourceId = Id.ToString(CultureInfo.InvariantCulture),
        name = $"#{Id % 100_000}",
        createdAt = CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        cancelledAt = (string?)null,
        closed = false,
        test = false,
        tags = Tags,
        paymentGatewayNames = Gateways,
        phone = (string?)null,
        shippingAddress = new { phone = Phone, name = "Ayesha Khan" },
        billingAddress = new { phone = (string?)null },
        customer = new { firstName = "Ayesha", lastName = "Khan", defaultPhoneNumber = (object?)null },
        totalPriceSet = new { shopMoney = new { amount = "2999.00", currencyCode = "PKR" }, presentmentMoney = new { amount = "2999.00", currencyCode = "PKR" } },
    };
}

/// The parts of Shopify's order search syntax the reconciliation query uses: created_at:>='…', gateway:"…" (OR'ed,
/// with \" and \\ escapes inside the quotes), tag_not:….
public sealed partial record ShopifyOrderSearch(DateTimeOffset? CreatedFrom, IReadOnlyList<string> Gateways, IReadOnlyList<string> TagsNot)
{
    public static ShopifyOrderSearch Parse(string query)
    {
        var created = CreatedAtPattern().Match(query);
        return new ShopifyOrderSearch(
            created.Success ? DateTimeOffset.Parse(created.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
            GatewayPattern().Matches(query).Select(m => Regex.Unescape(m.Groups[1].Value)).ToList(),
            TagNotPattern().Matches(query).Select(m => m.Groups[1].Value).ToList());
    }

    // Shopify keeps created_at to the second.
    public bool Matches(ShopifyFakeOrder order, bool honourGateway)
        => (CreatedFrom is not { } from || order.CreatedAt.AddTicks(-(order.CreatedAt.Ticks % TimeSpan.TicksPerSecond)) >= from)
           && (!honourGateway || Gateways.Count == 0 || order.Gateways.Any(g => Gateways.Contains(g, StringComparer.OrdinalIgnoreCase)))
           && !order.Tags.Any(t => TagsNot.Contains(t, StringComparer.OrdinalIgnoreCase));

    [GeneratedRegex("created_at:>='([^']+)'")]
    private static partial Regex CreatedAtPattern();

    [GeneratedRegex("""gateway:"((?:[^"\\]|\\.)*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex GatewayPattern();

    [GeneratedRegex(@"tag_not:([^\s)]+)")]
    private static partial Regex TagNotPattern();
}
