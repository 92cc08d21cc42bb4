using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A billing or shipping address as WC_Order keeps it. Shipping has no email; its phone exists since WC 5.6 and is
/// usually empty.
public sealed record WooCommerceShopAddress(
    string FirstName, string LastName, string Company, string Address1, string Address2, string City, string State, string Postcode, string Country, string? Email, string Phone)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["first_name"] = FirstName,
            ["last_name"] = LastName,
            ["company"] = Company,
            ["address_1"] = Address1,
            ["address_2"] = Address2,
            ["city"] = City,
            ["state"] = State,
            ["postcode"] = Postcode,
            ["country"] = Country,
        };
        if (Email is not null)
        {
            json["email"] = Email;
        }

        json["phone"] = Phone;
        return json;
    }
}

/// One order meta row. Value is whatever JSON the store answers with: a string, a list or an object (PHP arrays),
/// and from plugins that filter the response even a number.
public sealed record WooCommerceShopMeta(long Id, string Key, JsonElement Value);

/// An order note as the notes endpoint shows it. Author is "system" for WooCommerce's own notes and for API notes
/// not attributed to the key's user.
public sealed record WooCommerceShopNote(long Id, long OrderId, string Author, DateTime DateCreatedGmt, string Note, bool CustomerNote);

/// A snapshot of one order in the store. Change orders through WooCommerceStoreStub (AddOrder, SetStatus, Edit, ...),
/// never by keeping a snapshot around: the stub swaps in a new one on every change.
public sealed record WooCommerceShopOrder
{
    public required long Id { get; init; }

    /// The order number shown to people; a string, and with sequential-number plugins not the id.
    public required string Number { get; init; }

    public required string Status { get; init; }

    public string Currency { get; init; } = "PKR";

    /// Grand total as WooCommerce formats money: a string with the store's decimals.
    public required string Total { get; init; }

    public string ShippingTotal { get; init; } = "250.00";

    public string PaymentMethod { get; init; } = "cod";

    public string PaymentMethodTitle { get; init; } = "Cash on delivery";

    public long CustomerId { get; init; }

    public string CustomerNote { get; init; } = "";

    public string OrderKey { get; init; } = "wc_order_Yq3x9KpLm2Tt";

    public string CreatedVia { get; init; } = "checkout";

    public required WooCommerceShopAddress Billing { get; init; }

    public required WooCommerceShopAddress Shipping { get; init; }

    public IReadOnlyList<WooCommerceShopMeta> Meta { get; init; } = [];

    public required DateTime DateCreatedGmt { get; init; }

    public required DateTime DateModifiedGmt { get; init; }

    public DateTime? DatePaidGmt { get; init; }

    public DateTime? DateCompletedGmt { get; init; }

    /// The status to go back to when a trashed order is restored (WordPress keeps it as _wp_trash_meta_status, which
    /// the REST answer does not show).
    public string? StatusBeforeTrash { get; init; }

    public JsonElement? MetaValue(string key) => Meta.FirstOrDefault(m => m.Key == key)?.Value;

    /// The order built the way checkout leaves a Pakistani COD order: guest customer, one line item, flat-rate
    /// shipping, and meta of mixed JSON types from typical plugins.
    internal static WooCommerceShopOrder Checkout(long id, string number, string status, string phone, string shippingPhone, string paymentMethod, string total,
        IEnumerable<(string Key, object? Value)>? meta, DateTime createdGmt, Func<long> nextMetaId)
    {
        var rows = (meta ?? DefaultMeta(number)).Select(m => new WooCommerceShopMeta(nextMetaId(), m.Key, JsonSerializer.SerializeToElement(m.Value))).ToList();
        var paid = paymentMethod != "cod" && status is "processing" or "completed" ? createdGmt : (DateTime?)null;
        return new WooCommerceShopOrder
        {
            Id = id,
            Number = number,
            Status = status,
            Total = total,
            ShippingTotal = decimal.Parse(total, CultureInfo.InvariantCulture) >= 250m ? "250.00" : "0.00",
            PaymentMethod = paymentMethod,
            PaymentMethodTitle = paymentMethod switch
            {
                "cod" => "Cash on delivery",
                "bacs" => "Direct bank transfer",
                "cheque" => "Check payments",
                _ => paymentMethod,
            },
            CustomerNote = "Please call before delivery / after 5pm",
            // 'wc_order_' . wp_generate_password(13, false); derived from the id so a payload built twice is the same.
            OrderKey = "wc_order_" + Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(id))).Replace("+", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal)[..13],
            Billing = new WooCommerceShopAddress("Ayesha", "Khan", "", "House 12, Street 4, DHA Phase 5", "Lahore — ڈیفنس", "Lahore", "PB", "54000", "PK", "ayesha.khan@example.com", phone),
            Shipping = new WooCommerceShopAddress("Ayesha", "Khan", "", "House 12, Street 4, DHA Phase 5", "Lahore — ڈیفنس", "Lahore", "PB", "54000", "PK", null, shippingPhone),
            Meta = rows,
            DateCreatedGmt = createdGmt,
            DateModifiedGmt = createdGmt.AddSeconds(1),
            DatePaidGmt = paid,
            DateCompletedGmt = status == "completed" ? createdGmt : null,
        };
    }

    /// The order as GET /wp-json/wc/v3/orders/{id} renders it (WC_REST_Orders_V2_Controller::get_formatted_item_data):
    /// base data in WC_Order's field order, then the extra fields, then the *_gmt dates, then _links.
    internal JsonObject ToJson(string siteUrl, TimeSpan siteOffset)
    {
        var total = decimal.Parse(Total, CultureInfo.InvariantCulture);
        var shipping = decimal.Parse(ShippingTotal, CultureInfo.InvariantCulture);
        var itemTotal = total - shipping;
        var self = $"{siteUrl}/wp-json/wc/v3/orders/{Id}";
        var links = new JsonObject
        {
            // WordPress 6.7+ adds targetHints to self links: the methods the current user may use on it.
            ["self"] = new JsonArray(new JsonObject { ["href"] = self, ["targetHints"] = new JsonObject { ["allow"] = new JsonArray("GET", "POST", "PUT", "PATCH", "DELETE") } }),
            ["collection"] = new JsonArray(new JsonObject { ["href"] = $"{siteUrl}/wp-json/wc/v3/orders" }),
        };
        if (CustomerId != 0)
        {
            links["customer"] = new JsonArray(new JsonObject { ["href"] = $"{siteUrl}/wp-json/wc/v3/customers/{CustomerId}" });
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["parent_id"] = 0,
            ["status"] = Status,
            ["currency"] = Currency,
            ["version"] = "10.3.0",
            ["prices_include_tax"] = false,
            ["date_created"] = WooCommerceShopDates.Local(DateCreatedGmt, siteOffset),
            ["date_modified"] = WooCommerceShopDates.Local(DateModifiedGmt, siteOffset),
            ["discount_total"] = "0.00",
            ["discount_tax"] = "0.00",
            ["shipping_total"] = ShippingTotal,
            ["shipping_tax"] = "0.00",
            ["cart_tax"] = "0.00",
            ["total"] = Total,
            ["total_tax"] = "0.00",
            ["customer_id"] = CustomerId,
            ["order_key"] = OrderKey,
            ["billing"] = Billing.ToJson(),
            ["shipping"] = Shipping.ToJson(),
            ["payment_method"] = PaymentMethod,
            ["payment_method_title"] = PaymentMethodTitle,
            ["transaction_id"] = "",
            ["customer_ip_address"] = "203.0.113.24",
            ["customer_user_agent"] = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Mobile Safari/537.36",
            ["created_via"] = CreatedVia,
            ["customer_note"] = CustomerNote,
            ["date_completed"] = WooCommerceShopDates.Local(DateCompletedGmt, siteOffset),
            ["date_paid"] = WooCommerceShopDates.Local(DatePaidGmt, siteOffset),
            ["cart_hash"] = "c1b0e3d2a4f5968778695a4b3c2d1e0f",
            ["number"] = Number,
            ["meta_data"] = new JsonArray(Meta.Select(m => (JsonNode)new JsonObject { ["id"] = m.Id, ["key"] = m.Key, ["value"] = JsonNode.Parse(m.Value.GetRawText()) }).ToArray()),
            ["line_items"] = new JsonArray(new JsonObject
            {
                ["id"] = Id * 10 + 1,
                ["name"] = "Lawn Suit 3pc – Blue",
                ["product_id"] = 203,
                ["variation_id"] = 0,
                ["quantity"] = 1,
                ["tax_class"] = "",
                ["subtotal"] = Money(itemTotal),
                ["subtotal_tax"] = "0.00",
                ["total"] = Money(itemTotal),
                ["total_tax"] = "0.00",
                ["taxes"] = new JsonArray(),
                ["meta_data"] = new JsonArray(),
                ["sku"] = "LS-BLU-01",
                // total / quantity in PHP: an int when it divides evenly, else a float.
                ["price"] = itemTotal == decimal.Truncate(itemTotal) ? JsonValue.Create((long)itemTotal) : JsonValue.Create((double)itemTotal),
                ["image"] = new JsonObject { ["id"] = 0, ["src"] = "" },
                ["parent_name"] = null,
            }),
            ["tax_lines"] = new JsonArray(),
            ["shipping_lines"] = shipping == 0m ? new JsonArray() : new JsonArray(new JsonObject
            {
                ["id"] = Id * 10 + 2,
                ["method_title"] = "Flat rate",
                ["method_id"] = "flat_rate",
                ["instance_id"] = "1",
                ["total"] = ShippingTotal,
                ["total_tax"] = "0.00",
                ["taxes"] = new JsonArray(),
                ["meta_data"] = new JsonArray(),
            }),
            ["fee_lines"] = new JsonArray(),
            ["coupon_lines"] = new JsonArray(),
            ["refunds"] = new JsonArray(),
            ["payment_url"] = $"{siteUrl}/checkout/order-pay/{Id}/?pay_for_order=true&key={OrderKey}",
            ["is_editable"] = Status is "pending" or "on-hold" or "auto-draft" or "checkout-draft",
            ["needs_payment"] = Status is "pending" or "failed" && total > 0m,
            ["needs_processing"] = true,
            ["date_created_gmt"] = WooCommerceShopDates.Gmt(DateCreatedGmt),
            ["date_modified_gmt"] = WooCommerceShopDates.Gmt(DateModifiedGmt),
            ["date_completed_gmt"] = WooCommerceShopDates.Gmt(DateCompletedGmt),
            ["date_paid_gmt"] = WooCommerceShopDates.Gmt(DatePaidGmt),
            ["_links"] = links,
        };
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    // What a store with WooCommerce's order attribution and a PDF invoice plugin shows: a string, a number (as a
    // plugin filtering the response may leave it), an object and a list.
    private static IEnumerable<(string Key, object? Value)> DefaultMeta(string number) =>
    [
        ("_wc_order_attribution_source_type", "typein"),
        ("_wcpdf_invoice_number", 1042),
        ("_wcpdf_invoice_number_data", new { number = 1042, formatted_number = "INV-" + number, prefix = "INV-", suffix = "", document_type = "invoice", padding = "" }),
        ("_wc_order_attribution_session_pages_list", new[] { "/shop/", "/product/lawn-suit-blue/", "/checkout/" }),
    ];
}

/// WooCommerce's REST date format: Y-m-d\TH:i:s, no zone designator; *_gmt fields in UTC, the others in the site's
/// time zone.
internal static class WooCommerceShopDates
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss";

    public static string? Gmt(DateTime? utc) => utc?.ToString(Format, CultureInfo.InvariantCulture);

    public static string? Local(DateTime? utc, TimeSpan offset) => utc is { } value ? (value + offset).ToString(Format, CultureInfo.InvariantCulture) : null;

    /// Stored dates have whole seconds (MySQL DATETIME), so two changes within a second share a timestamp.
    public static DateTime Truncate(DateTimeOffset instant) => new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
