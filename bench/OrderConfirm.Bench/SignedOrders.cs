using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrderConfirm.Bench;

/// Distinct orders/create deliveries (new order id and webhook id each time), signed like Shopify signs them.
public sealed class SignedOrders(string shopDomain, string secret)
{
    private static long _next = 7_000_000_000;
    // About 1.3 KB, shaped like Shopify's sample orders/create payload.
    private const string Template = """
        {"id":__ID__,"admin_graphql_api_id":"gid://shopify/Order/__ID__","name":"#__NAME__","test":false,"cancelled_at":null,"currency":"PKR","presentment_currency":"PKR","total_price":"4599.00","total_price_set":{"shop_money":{"amount":"4599.00","currency_code":"PKR"},"presentment_money":{"amount":"4599.00","currency_code":"PKR"}},"financial_status":"pending","payment_gateway_names":["Cash on Delivery (COD)"],"phone":null,"line_items":[{"id":487817672276298554,"title":"Lawn Suit 3pc","quantity":1,"price":"4350.00","sku":"LAWN-3PC-M"}],"shipping_lines":[{"title":"Standard","price":"249.00"}],"shipping_address":{"first_name":"Ayesha","last_name":"Khan","name":"Ayesha Khan","address1":"House 12, Street 4","city":"Lahore","zip":"54000","country":"Pakistan","country_code":"PK","phone":"__PHONE__"},"billing_address":{"name":"Ayesha Khan","country_code":"PK","phone":"__PHONE__"},"customer":{"id":115310627314723954,"first_name":"Ayesha","last_name":"Khan","email":"ayesha@example.com","phone":null}}
        """;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public HttpRequestMessage Next(string path) => Create(path, Interlocked.Increment(ref _next));

    /// The delivery of one given order id; its phone is 0300 followed by the id's last seven digits.
    public HttpRequestMessage Create(string path, long id)
    {
        var phone = $"0300{id % 10_000_000:0000000}";
        var body = Encoding.UTF8.GetBytes(Template
            .Replace("__ID__", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__NAME__", (id % 100_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__PHONE__", phone, StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(_key, body)));
        request.Headers.Add("X-Shopify-Shop-Domain", shopDomain);
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-API-Version", "2026-01");
        return request;
    }
}
