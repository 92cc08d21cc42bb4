using OrderConfirm.Shopify;

namespace OrderConfirm.Tests.Shopify;

/// Each topic's body must be that topic's and name this store before the topic may change anything.
public sealed class ShopifyWebhookBodiesTests
{
    private const string Shop = "lahore-lawn.myshopify.com";
    private const string Order = """{"id": 820982911946154508, "admin_graphql_api_id": "gid://shopify/Order/820982911946154508", "name": "#1001", "customer": {"id": 1}}""";
    private const string ShopResource = """{"id": 548380009, "domain": "lahorelawn.pk", "myshopify_domain": "lahore-lawn.myshopify.com"}""";
    private const string ShopRedact = """{"shop_id": 548380009, "shop_domain": "lahore-lawn.myshopify.com"}""";
    private const string CustomerRedact = """{"shop_id": 548380009, "shop_domain": "lahore-lawn.myshopify.com", "customer": {"id": 1, "email": null, "phone": null}, "orders_to_redact": [820982911946154508]}""";
    private const string DataRequest = """{"shop_id": 548380009, "shop_domain": "lahore-lawn.myshopify.com", "customer": {"id": 1}, "orders_requested": [1], "data_request": {"id": 9999}}""";

    [Theory]
    [InlineData("orders/create", Order)]
    [InlineData("orders/updated", Order)]
    [InlineData("orders/cancelled", """{"id": 5, "cancelled_at": "2026-11-22T10:05:00+05:00"}""")]
    [InlineData("app/uninstalled", ShopResource)]
    [InlineData("app/uninstalled", """{"id": 1, "domain": "LAHORE-LAWN.myshopify.com"}""")]
    [InlineData("shop/redact", ShopRedact)]
    [InlineData("customers/redact", CustomerRedact)]
    [InlineData("customers/redact", """{"shop_domain": "lahore-lawn.myshopify.com", "customer": {"id": 1}, "orders_to_redact": []}""")]
    [InlineData("customers/data_request", DataRequest)]
    [InlineData("products/update", """{"id": "anything"}""")]
    public void A_body_of_the_topic_naming_this_store_fits(string topic, string body)
        => Assert.Null(ShopifyWebhookBodies.Mismatch(topic, body, Shop));

    [Theory]
    [InlineData("shop/redact", Order)]
    [InlineData("shop/redact", CustomerRedact)]
    [InlineData("shop/redact", DataRequest)]
    [InlineData("shop/redact", ShopResource)]
    [InlineData("shop/redact", """{"shop_domain": "lahore-lawn.myshopify.com"}""")]
    [InlineData("shop/redact", """{"shop_id": 548380009, "shop_domain": "other.myshopify.com"}""")]
    [InlineData("shop/redact", """{"shop_id": "548380009", "shop_domain": "lahore-lawn.myshopify.com"}""")]
    [InlineData("app/uninstalled", Order)]
    [InlineData("app/uninstalled", ShopRedact)]
    [InlineData("app/uninstalled", """{"id": 548380009, "domain": "lahore-lawn.myshopify.com", "myshopify_domain": "other.myshopify.com"}""")]
    [InlineData("app/uninstalled", """{"id": 548380009, "domain": "lahorelawn.pk"}""")]
    [InlineData("app/uninstalled", """{"id": 548380009, "myshopify_domain": "lahore-lawn.myshopify.com", "admin_graphql_api_id": "gid://shopify/Order/548380009"}""")]
    [InlineData("customers/redact", Order)]
    [InlineData("customers/redact", ShopRedact)]
    [InlineData("customers/redact", DataRequest)]
    [InlineData("customers/redact", """{"shop_id": 1, "shop_domain": "lahore-lawn.myshopify.com", "customer": {"id": 1}, "orders_to_redact": ["1"]}""")]
    [InlineData("customers/data_request", CustomerRedact)]
    [InlineData("orders/create", ShopRedact)]
    [InlineData("orders/create", ShopResource)]
    [InlineData("orders/create", """{"id": "820982911946154508"}""")]
    [InlineData("orders/create", """{"id": 5, "admin_graphql_api_id": "gid://shopify/Order/6"}""")]
    [InlineData("orders/cancelled", """{"name": "#1001"}""")]
    [InlineData("orders/create", "[]")]
    public void A_body_of_another_topic_or_shop_does_not_fit(string topic, string body)
        => Assert.NotNull(ShopifyWebhookBodies.Mismatch(topic, body, Shop));

    [Fact]
    public void The_reason_quotes_nothing_from_the_body()
    {
        var reason = ShopifyWebhookBodies.Mismatch("shop/redact", """{"shop_id": 1, "shop_domain": "secret-shop.myshopify.com", "customer": {"phone": "+923001234567"}}""", Shop);

        Assert.NotNull(reason);
        Assert.DoesNotContain("secret-shop", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("923001234567", reason, StringComparison.Ordinal);
    }
}
