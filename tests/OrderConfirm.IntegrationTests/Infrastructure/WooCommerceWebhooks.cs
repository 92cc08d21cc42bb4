using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Builds webhook requests the way a WooCommerce store sends them (WC_Webhook::deliver / deliver_ping): the body is
/// wp_json_encode() output (PHP escaping: "\/" and "\uXXXX"), signed with base64 HMAC-SHA256 of exactly those bytes
/// and the webhook's own secret, posted over HTTP/1.0 with the X-WC-Webhook-* headers. The activation ping is a bare
/// form post with neither headers nor signature.
public static class WooCommerceWebhooks
{
    /// home_url('/') of the store the helpers pretend to be.
    public const string DefaultSource = "https://shop.example.pk/";

    public const string UserAgent = "WooCommerce/10.3.0 Hookshot (WordPress/6.8.3)";

    /// The raw body of an order.created / order.updated / order.restored delivery for a COD order: the v3 order JSON
    /// (with _links) exactly as the store encodes it. The address carries Urdu and an em dash, so escaping matters.
    /// Without meta the order has the default plugin meta of mixed JSON types.
    public static string Order(long id, string number, string status, string phone, string paymentMethod = "cod", string total = "3749.00",
        IEnumerable<(string Key, object Value)>? meta = null)
    {
        var nextMetaId = 90211L;
        var created = WooCommerceShopDates.Truncate(DateTimeOffset.UtcNow).AddSeconds(-1);
        var order = WooCommerceShopOrder.Checkout(id, number, status, phone, shippingPhone: "", paymentMethod, total, meta?.Select(m => (m.Key, (object?)m.Value)), created, () => nextMetaId++);
        return PhpJson.Encode(order.ToJson(DefaultSource.TrimEnd('/'), TimeSpan.FromHours(5)));
    }

    /// The body of an order.deleted delivery (trash or delete): only the id.
    public static string Deleted(long id) => "{\"id\":" + id.ToString(CultureInfo.InvariantCulture) + "}";

    /// The body of an action.woocommerce_delete_order delivery: the hook name and its first argument.
    public static string ActionDelete(long id) => Action("woocommerce_delete_order", id);

    /// The body of any action.* delivery.
    public static string Action(string hook, long arg) => PhpJson.Encode(new System.Text.Json.Nodes.JsonObject { ["action"] = hook, ["arg"] = arg });

    /// A signed delivery to the app's receiver for this store: POST /webhooks/woocommerce/{storeId}. The signature is
    /// made with the secret as WooCommerce uses it (after wp_specialchars_decode), the delivery id is a fresh 32-hex
    /// hash unless given, the webhook id is an integer.
    public static HttpRequestMessage Delivery(long storeId, string topic, string body, string secret, string? deliveryId = null, long webhookId = 1, string source = DefaultSource)
        => DeliveryTo($"/webhooks/woocommerce/{storeId.ToString(CultureInfo.InvariantCulture)}", topic, body, secret, deliveryId, webhookId, source);

    /// The activation ping sent when a webhook is created (or its URL changes): "webhook_id=N" as a form body, no
    /// X-WC-Webhook-* headers, no signature. Only an exact 200 counts as success for the store.
    public static HttpRequestMessage Ping(long storeId, long webhookId)
        => PingTo($"/webhooks/woocommerce/{storeId.ToString(CultureInfo.InvariantCulture)}", webhookId);

    /// X-WC-Webhook-Signature for this body: base64(HMAC-SHA256(body bytes, wp_specialchars_decode(secret))).
    public static string Signature(string body, string secret)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SpecialcharsDecode(secret)), Encoding.UTF8.GetBytes(body)));

    internal static HttpRequestMessage DeliveryTo(string path, string topic, string body, string secret, string? deliveryId, long webhookId, string source)
    {
        LeakScan.Secret(secret);
        var dot = topic.IndexOf('.', StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            // 'httpversion' => '1.0' in WC_Webhook::deliver.
            Version = HttpVersion.Version10,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add("X-WC-Webhook-Source", source);
        request.Headers.Add("X-WC-Webhook-Topic", topic);
        request.Headers.Add("X-WC-Webhook-Resource", dot < 0 ? topic : topic[..dot]);
        request.Headers.Add("X-WC-Webhook-Event", dot < 0 ? "" : topic[(dot + 1)..].Split('.')[0]);
        request.Headers.Add("X-WC-Webhook-Signature", Signature(body, secret));
        request.Headers.Add("X-WC-Webhook-ID", webhookId.ToString(CultureInfo.InvariantCulture));

        // wp_hash(id . time()): an HMAC-MD5 hex string, new for every delivery.
        request.Headers.Add("X-WC-Webhook-Delivery-ID", deliveryId ?? RandomNumberGenerator.GetHexString(32, lowercase: true));
        return request;
    }

    internal static HttpRequestMessage PingTo(string path, long webhookId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("webhook_id=" + webhookId.ToString(CultureInfo.InvariantCulture))),
        };

        // WooCommerce sets no content type; WordPress's cURL transport posts a string body as a form.
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.UserAgent.ParseAdd(UserAgent);
        return request;
    }

    // wp_specialchars_decode($secret, ENT_QUOTES): the entities WordPress may have stored turn back into characters.
    private static string SpecialcharsDecode(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        string[][] entities =
        [
            ["&#039;", "'"], ["&#x27;", "'"], ["&quot;", "\""], ["&#034;", "\""], ["&#x22;", "\""],
            ["&lt;", "<"], ["&#060;", "<"], ["&gt;", ">"], ["&#062;", ">"], ["&amp;", "&"], ["&#038;", "&"], ["&#x26;", "&"],
        ];
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] == '&' ? entities.FirstOrDefault(e => text.Length - i >= e[0].Length && string.CompareOrdinal(text, i, e[0], 0, e[0].Length) == 0) : null;
            if (entity is null)
            {
                builder.Append(text[i]);
                continue;
            }

            builder.Append(entity[1]);
            i += entity[0].Length - 1;
        }

        return builder.ToString();
    }
}
