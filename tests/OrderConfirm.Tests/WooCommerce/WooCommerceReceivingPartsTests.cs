using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using OrderConfirm.Security;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.WooCommerce;

public sealed class WooCommerceReceivingPartsTests
{
    [Theory]
    [InlineData("plain-secret", "plain-secret")]
    [InlineData("a&amp;b", "a&b")]
    [InlineData("a&amp;lt;b", "a&lt;b")]
    [InlineData("&lt;&gt;&quot;&#039;&#39;&#0039;&#x27;&#X27;&#034;&#x22;&#060;&#062;&#038;&#x26;", "<>\"'''''\"\"<>&&")]
    [InlineData("&LT;&apos;&#40;&nbsp;", "&LT;&apos;&#40;&nbsp;")]
    public void Secret_is_decoded_as_wp_specialchars_decode_does(string stored, string signedWith)
        => Assert.Equal(signedWith, WooCommerceSignature.SpecialcharsDecode(stored));

    [Fact]
    public void Signature_is_checked_against_the_decoded_and_the_stored_secret_and_nothing_else()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":4817,"href":"https:\/\/shop.example.pk\/"}""");
        var keys = WooCommerceSignature.KeysFor("wc&amp;secret").ToList();
        string Sign(string key) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

        Assert.True(WebhookSignature.IsValid(body, Sign("wc&secret"), keys));
        Assert.True(WebhookSignature.IsValid(body, Sign("wc&amp;secret"), keys));
        Assert.False(WebhookSignature.IsValid(body, Sign("wc-secret"), keys));
        Assert.False(WebhookSignature.IsValid(body, Sign("wc&secret")[..20], keys));
        Assert.False(WebhookSignature.IsValid(body, "not base64!", keys));
        Assert.False(WebhookSignature.IsValid(body, Sign("wc&secret"), []));
        Assert.Single(WooCommerceSignature.KeysFor("no-entities"));
        Assert.Empty(WooCommerceSignature.KeysFor(null));
    }

    [Theory]
    [InlineData("webhook_id=12", true)]
    [InlineData("webhook_id=9223372036854775807", true)]
    [InlineData("webhook_id=", false)]
    [InlineData("webhook_id=12&x=1", false)]
    [InlineData("webhook_id=12\n", false)]
    [InlineData("webhook_id=-1", false)]
    [InlineData("webhook_id=99999999999999999999", false)]
    [InlineData("{\"webhook_id\":12}", false)]
    [InlineData("", false)]
    public void Only_a_bare_webhook_id_form_is_a_ping(string body, bool ping)
        => Assert.Equal(ping, WooCommerceWebhookEndpoint.IsPing(new HeaderDictionary(), Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void A_ping_body_with_any_webhook_header_is_no_ping()
        => Assert.False(WooCommerceWebhookEndpoint.IsPing(new HeaderDictionary { ["x-wc-webhook-id"] = "12" }, "webhook_id=12"u8));

    [Fact]
    public void Inbox_id_tells_apart_bodies_sent_under_one_delivery_id()
    {
        const string id = "9b1e0c3f5a7d4e2b8c6a1f0e3d5b7c9a";
        var first = WooCommerceWebhookEndpoint.InboxDeliveryId(id, """{"id":1}"""u8);

        Assert.StartsWith(id + ":", first, StringComparison.Ordinal);
        Assert.Equal(first, WooCommerceWebhookEndpoint.InboxDeliveryId(id, """{"id":1}"""u8));
        Assert.NotEqual(first, WooCommerceWebhookEndpoint.InboxDeliveryId(id, """{"id":2}"""u8));
    }
}
