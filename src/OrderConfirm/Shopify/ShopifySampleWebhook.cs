using System.Globalization;
using System.Text;
using System.Text.Json;
using OrderConfirm.Platforms;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Shopify;

/// An orders/create delivery as Shopify sends it: the REST order (a COD gateway of the store's, the phone on the
/// shipping address), the X-Shopify-* headers, and the base64 HMAC-SHA256 of the body with the store's webhook secret.
public sealed class ShopifySampleWebhook : IShopSampleWebhook
{
    public SampleWebhook? Make(Store store, SampleOrder order)
    {
        if (store.Secrets.WebhookSecret is not { Length: > 0 } secret || store.ShopDomain is not { Length: > 0 } domain)
        {
            return null;
        }

        var id = order.OrderId;
        var names = order.CustomerName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var amount = order.Amount.ToString("0.00", CultureInfo.InvariantCulture);
        var gateway = store.Settings.Section<ShopifySettings>().CodGateways[0];
        var address = new { name = order.CustomerName, first_name = names.ElementAtOrDefault(0), last_name = names.ElementAtOrDefault(1), phone = order.Phone, city = "Lahore", country_code = "PK" };
        var body = JsonSerializer.Serialize(new
        {
            id,
            admin_graphql_api_id = string.Create(CultureInfo.InvariantCulture, $"gid://shopify/Order/{id}"),
            name = string.Create(CultureInfo.InvariantCulture, $"#{id % 100_000}"),
            test = false,
            created_at = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            cancelled_at = (string?)null,
            closed_at = (string?)null,
            fulfillment_status = (string?)null,
            financial_status = "pending",
            currency = "PKR",
            presentment_currency = "PKR",
            total_price = amount,
            total_price_set = new { shop_money = new { amount, currency_code = "PKR" }, presentment_money = new { amount, currency_code = "PKR" } },
            gateway,
            payment_gateway_names = new[] { gateway },
            phone = (string?)null,
            shipping_address = address,
            billing_address = address,
            customer = new { id = id + 1, first_name = address.first_name, last_name = address.last_name, phone = (string?)null },
        }, SampleWebhookJson.Options);
        return new SampleWebhook(ShopifyPlatform.WebhookPath, [
            new("Content-Type", "application/json"),
            new("X-Shopify-Topic", "orders/create"),
            new("X-Shopify-Shop-Domain", domain),
            new("X-Shopify-Webhook-Id", Guid.NewGuid().ToString()),
            new("X-Shopify-Hmac-Sha256", WebhookSignature.Sign(Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetBytes(secret))),
        ], body);
    }
}
