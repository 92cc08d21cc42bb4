using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrderConfirm.Bench;

/// Distinct order.created deliveries (new order id and delivery id each time), signed and escaped as WooCommerce sends
/// them (slashes as \/, the raw bytes signed).
public sealed class SignedWooOrders(string secret)
{
    private static long _next = 80_000;
    // About 1.6 KB, shaped like WooCommerce's order.created payload (money as strings, dates without a zone).
    private const string Template = """
        {"id":__ID__,"parent_id":0,"status":"processing","currency":"PKR","version":"9.4.2","prices_include_tax":false,"date_created":"2026-11-23T10:15:04","date_modified":"2026-11-23T10:15:04","discount_total":"0.00","shipping_total":"249.00","total":"4599.00","total_tax":"0.00","customer_id":0,"order_key":"wc_order___ID__","billing":{"first_name":"Ayesha","last_name":"Khan","company":"","address_1":"House 12, Street 4","address_2":"","city":"Lahore","state":"PB","postcode":"54000","country":"PK","email":"ayesha@example.com","phone":"__PHONE__"},"shipping":{"first_name":"Ayesha","last_name":"Khan","company":"","address_1":"House 12, Street 4","address_2":"","city":"Lahore","state":"PB","postcode":"54000","country":"PK","phone":""},"payment_method":"cod","payment_method_title":"Cash on delivery","transaction_id":"","customer_ip_address":"39.45.1.2","customer_user_agent":"Mozilla\/5.0 (Linux; Android 14)","created_via":"checkout","customer_note":"","date_completed":null,"date_paid":null,"cart_hash":"9f3c2a","number":"__NUMBER__","meta_data":[{"id":912,"key":"_wc_order_attribution_source_type","value":"typein"}],"line_items":[{"id":77,"name":"Lawn Suit 3pc","product_id":31,"variation_id":0,"quantity":1,"tax_class":"","subtotal":"4350.00","total":"4350.00","sku":"LAWN-3PC-M","price":4350,"image":{"id":"32","src":"https:\/\/lahorelawn.example\/wp-content\/uploads\/lawn.jpg"}}],"shipping_lines":[{"id":78,"method_title":"Flat rate","method_id":"flat_rate","total":"249.00"}],"date_created_gmt":"2026-11-23T05:15:04","date_modified_gmt":"__MODIFIED__","is_editable":false,"needs_payment":false,"needs_processing":true}
        """;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public HttpRequestMessage Next(string path) => Create(path, Interlocked.Increment(ref _next));

    /// The delivery of one given order id; its billing phone is 0300 followed by the id's last seven digits.
    public HttpRequestMessage Create(string path, long id)
    {
        var body = Encoding.UTF8.GetBytes(Template
            .Replace("__ID__", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__NUMBER__", (id + 1_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__PHONE__", $"0300{id % 10_000_000:0000000}", StringComparison.Ordinal)
            // WooCommerce sends the order as it is when the webhook fires: modified moments ago.
            .Replace("__MODIFIED__", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-WC-Webhook-Source", "https://lahorelawn.example/");
        request.Headers.Add("X-WC-Webhook-Topic", "order.created");
        request.Headers.Add("X-WC-Webhook-Resource", "order");
        request.Headers.Add("X-WC-Webhook-Event", "created");
        request.Headers.Add("X-WC-Webhook-Signature", Convert.ToBase64String(HMACSHA256.HashData(_key, body)));
        request.Headers.Add("X-WC-Webhook-ID", "14");
        request.Headers.Add("X-WC-Webhook-Delivery-ID", Guid.NewGuid().ToString("N"));
        return request;
    }
}
