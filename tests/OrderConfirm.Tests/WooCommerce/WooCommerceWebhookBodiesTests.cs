using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.WooCommerce;

/// Each topic's body must be that topic's before the topic may change anything.
public sealed class WooCommerceWebhookBodiesTests
{
    private const string Order = """{"id":4817,"number":"WC-1001","status":"processing","payment_method":"cod","total":"3749.00","meta_data":[],"_links":{"self":[{"href":"https:\/\/shop.example.pk\/wp-json\/wc\/v3\/orders\/4817"}]}}""";
    private const string Error = """{"code":"woocommerce_rest_shop_order_invalid_id","message":"Invalid ID.","data":{"status":404}}""";

    [Theory]
    [InlineData("order.created", Order)]
    [InlineData("order.updated", Order)]
    [InlineData("order.restored", Order)]
    [InlineData("order.deleted", """{"id":4817}""")]
    [InlineData("action.woocommerce_delete_order", """{"action":"woocommerce_delete_order","arg":4817}""")]
    [InlineData("action.woocommerce_delete_order", """{"action":"woocommerce_delete_order","arg":"4817"}""")]
    [InlineData("product.updated", """{"id":"anything"}""")]
    public void A_body_of_the_topic_fits(string topic, string body)
        => Assert.Null(WooCommerceWebhookBodies.Mismatch(topic, body));

    [Theory]
    [InlineData("order.created", Error, "no numeric order id")]
    [InlineData("order.updated", """{"id":4817}""", "no order status")]
    [InlineData("order.updated", """{"id":"4817","status":"processing"}""", "no numeric order id")]
    [InlineData("order.updated", """{"id":-1,"status":"processing"}""", "no numeric order id")]
    [InlineData("order.updated", """{"id":4817,"status":"processing","action":"woocommerce_delete_order","arg":4817}""", "an action body, not an order")]
    [InlineData("order.updated", """{"action":"woocommerce_delete_order","arg":4817}""", "no numeric order id")]
    [InlineData("order.deleted", Order, "an order body, not a deletion")]
    [InlineData("order.deleted", """{"action":"woocommerce_delete_order","arg":4817}""", "no numeric order id")]
    [InlineData("order.deleted", Error, "no numeric order id")]
    [InlineData("action.woocommerce_delete_order", """{"id":4817}""", "not this action's body")]
    [InlineData("action.woocommerce_delete_order", """{"action":"woocommerce_trash_order","arg":4817}""", "not this action's body")]
    [InlineData("action.woocommerce_delete_order", """{"action":"woocommerce_delete_order","arg":"x"}""", "no numeric order id in arg")]
    [InlineData("order.created", "[4817]", "the body is not a JSON object")]
    [InlineData("order.deleted", "4817", "the body is not a JSON object")]
    public void A_body_of_another_shape_does_not(string topic, string body, string why)
        => Assert.Equal(why, WooCommerceWebhookBodies.Mismatch(topic, body));
}
