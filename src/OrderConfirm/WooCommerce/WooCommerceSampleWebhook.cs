using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderConfirm.Platforms;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.WooCommerce;

/// An order.created delivery as WooCommerce sends it: the REST v3 order (processing, a COD method of the store's, the
/// phone on the billing address), the X-WC-Webhook-* headers, and the base64 HMAC-SHA256 of the body with the store's
/// current webhook secret as WooCommerce signs with it (entities decoded, WooCommerceSignature).
public sealed class WooCommerceSampleWebhook : IShopSampleWebhook
{
    public SampleWebhook? Make(Store store, SampleOrder order)
    {
        if (store.Secrets.WebhookSecret is not { Length: > 0 } secret)
        {
            return null;
        }

        var names = order.CustomerName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var number = order.OrderId.ToString(CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        var address = new { first_name = names.ElementAtOrDefault(0) ?? "", last_name = names.ElementAtOrDefault(1) ?? "", city = "Lahore", country = "PK", email = "", phone = order.Phone ?? "" };
        var method = store.Settings.Section<WooCommerceSettings>().CodMethods[0];
        var body = JsonSerializer.Serialize(new
        {
            id = order.OrderId,
            parent_id = 0,
            number,
            order_key = "wc_order_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            created_via = "checkout",
            status = WooCommerceOrderStatuses.Processing,
            currency = "PKR",
            date_created_gmt = WooCommerceDates.FormatGmt(now),
            date_modified_gmt = WooCommerceDates.FormatGmt(now),
            total = order.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            payment_method = method,
            payment_method_title = "Cash on delivery",
            billing = address,
            shipping = address with { phone = "" },
            line_items = Array.Empty<object>(),
            meta_data = Array.Empty<object>(),
        }, SampleWebhookJson.Options);
        var key = Encoding.UTF8.GetBytes(WooCommerceSignature.SpecialcharsDecode(secret));
        return new SampleWebhook(WooCommerceDeliveryUrl.Path(store.Id), [
            new("Content-Type", "application/json"),
            new("X-WC-Webhook-Source", (store.ApiBaseUrl ?? "https://shop.example/").TrimEnd('/') + "/"),
            new("X-WC-Webhook-Topic", "order.created"),
            new("X-WC-Webhook-Resource", "order"),
            new("X-WC-Webhook-Event", "created"),
            new("X-WC-Webhook-ID", "1"),
            new("X-WC-Webhook-Delivery-ID", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
            new("X-WC-Webhook-Signature", WebhookSignature.Sign(Encoding.UTF8.GetBytes(body), key)),
        ], body);
    }
}
