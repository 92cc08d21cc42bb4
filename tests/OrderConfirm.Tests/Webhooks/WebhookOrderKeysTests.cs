using OrderConfirm.Webhooks;

namespace OrderConfirm.Tests.Webhooks;

public sealed class WebhookOrderKeysTests
{
    [Theory]
    [InlineData("""{"id":820982911946154508,"email":"a@b.pk","line_items":[{"id":1}]}""", "id", "820982911946154508")]
    [InlineData("""{"note":{"id":5},"id":42}""", "id", "42")]
    [InlineData("""{"action":"woocommerce_trash_order","arg":"77"}""", "arg", "77")]
    [InlineData("""{"arg":77}""", "arg", "77")]
    public void The_top_level_order_id_is_read_whatever_comes_before_it(string body, string property, string expected)
        => Assert.Equal(expected, WebhookOrderKeys.Read(body, property));

    [Theory]
    [InlineData("""{"order":{"id":1}}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""[{"id":1}]""")]
    [InlineData("""{"id":1""")]
    [InlineData("not json")]
    public void A_body_without_a_top_level_id_has_no_key(string body) => Assert.Null(WebhookOrderKeys.Read(body, "id"));
}
