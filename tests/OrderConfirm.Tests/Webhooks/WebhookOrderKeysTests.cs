using Microsoft.Extensions.Logging.Abstractions;
using OrderConfirm.Shopify;
using OrderConfirm.Webhooks;
using OrderConfirm.WooCommerce;

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

    [Fact]
    public void Shopify_order_topics_are_keyed_by_the_order_and_the_shops_own_topics_run_alone()
    {
        IWebhookHandler handler = new ShopifyWebhookHandler(null!, null!, null!, null!, null!, NullLogger<ShopifyWebhookHandler>.Instance);

        Assert.Equal("450789469", handler.OrderKeyOf("orders/create", """{"id":450789469,"name":"#1001"}"""));
        Assert.Equal("450789469", handler.OrderKeyOf("orders/cancelled", """{"cancelled_at":"2026-12-03T10:00:00Z","id":450789469}"""));
        Assert.Null(handler.OrderKeyOf("app/uninstalled", """{"id":548380009,"name":"Lahore Lawn"}"""));
        Assert.Null(handler.OrderKeyOf("customers/redact", """{"shop_id":954889,"orders_to_redact":[1,2]}"""));
    }

    [Fact]
    public void WooCommerce_order_topics_and_actions_share_the_orders_key()
    {
        IWebhookHandler handler = new WooCommerceWebhookHandler(null!, null!, null!, null!, NullLogger<WooCommerceWebhookHandler>.Instance);

        Assert.Equal("727", handler.OrderKeyOf("order.created", """{"id":727,"status":"processing"}"""));
        Assert.Equal("727", handler.OrderKeyOf("order.deleted", """{"id":727}"""));
        Assert.Equal("727", handler.OrderKeyOf("action.woocommerce_trash_order", """{"action":"woocommerce_trash_order","arg":727}"""));
        Assert.Null(handler.OrderKeyOf("product.updated", """{"id":727}"""));
    }
}
