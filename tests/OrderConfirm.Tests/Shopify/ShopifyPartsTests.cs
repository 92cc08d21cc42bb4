using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderConfirm.Security;
using OrderConfirm.Shopify;

namespace OrderConfirm.Tests.Shopify;

public sealed class ShopifyPartsTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":820982911946154508,"name":"#1001"}""");

    [Fact]
    public void Signature_is_accepted_for_any_current_key_and_nothing_else()
    {
        var current = Encoding.UTF8.GetBytes("current-secret");
        var previous = Encoding.UTF8.GetBytes("previous-secret");
        var signedWithPrevious = WebhookSignature.Sign(Body, previous);

        Assert.True(WebhookSignature.IsValid(Body, signedWithPrevious, [current, previous]));
        Assert.False(WebhookSignature.IsValid(Body, signedWithPrevious, [current]));
        Assert.False(WebhookSignature.IsValid(Encoding.UTF8.GetBytes("""{"id":1}"""), signedWithPrevious, [current, previous]));
        Assert.False(WebhookSignature.IsValid(Body, Convert.ToHexString(HMACSHA256.HashData(current, Body)), [current])); // hex, not base64
        Assert.False(WebhookSignature.IsValid(Body, null, [current]));
        Assert.False(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, current), []));
    }

    [Theory]
    [InlineData("confirmed", "cod-confirmed")]
    [InlineData("cancelled", "cod-cancelled")]
    [InlineData("callback", "cod-callback")]
    [InlineData("no-input", "cod-unreachable")]
    [InlineData("unreachable", "cod-unreachable")]
    public void Outcome_tag_goes_on_and_cod_pending_and_every_other_outcome_tag_come_off(string outcome, string add)
    {
        string[] outcomeTags = ["cod-confirmed", "cod-cancelled", "cod-callback", "cod-unreachable"];

        var (added, removed) = ShopifyWriteBack.Tags(outcome);

        Assert.Equal([add], added);
        Assert.Equal(outcomeTags.Where(t => t != add).Append("cod-pending").Order(), removed.Order());
    }

    [Theory]
    [InlineData("""{"order":null}""", "deleted")]
    [InlineData("""{"order":{"cancelledAt":"2026-11-22T10:00:00Z","closed":false,"displayFulfillmentStatus":"UNFULFILLED","tags":[]}}""", "cancelled")]
    [InlineData("""{"order":{"cancelledAt":null,"closed":false,"displayFulfillmentStatus":"FULFILLED","tags":[]}}""", "fulfilled")]
    [InlineData("""{"order":{"cancelledAt":null,"closed":true,"displayFulfillmentStatus":"UNFULFILLED","tags":[]}}""", "closed")]
    [InlineData("""{"order":{"cancelledAt":null,"closed":false,"displayFulfillmentStatus":"UNFULFILLED","tags":["cod-pending"]}}""", null)]
    public void Order_state_says_why_an_order_is_no_longer_open(string data, string? reason)
        => Assert.Equal(reason, ShopifyOrderState.From(JsonDocument.Parse(data).RootElement).ClosedReason);

    [Fact]
    public void Webhook_order_facts_use_presentment_money_and_every_phone_in_order()
    {
        var payload = JsonSerializer.Deserialize<ShopifyOrderPayload>("""
            {"id":820982911946154508,"name":"#1001","test":false,"total_price":"10.00","currency":"USD",
             "total_price_set":{"shop_money":{"amount":"10.00","currency_code":"USD"},"presentment_money":{"amount":"2799.50","currency_code":"PKR"}},
             "payment_gateway_names":["Cash on Delivery (COD)"],"gateway":"manual","phone":"0321 7654321",
             "shipping_address":{"name":"Ayesha Khan","phone":"0300 1234567"},"billing_address":{"phone":"+92 333 1111111"},
             "customer":{"id":1,"first_name":"Ayesha","last_name":"Khan","phone":null}}
            """, ShopifyOrderPayload.Json)!;

        var facts = ShopifyOrderFacts.FromWebhook(payload);

        Assert.Equal("820982911946154508", facts.OrderId);
        Assert.Equal(2799.50m, facts.Amount);
        Assert.Equal("PKR", facts.Currency);
        Assert.Equal(["0300 1234567", "0321 7654321", "+92 333 1111111", null], facts.Phones);
        Assert.Equal(["Cash on Delivery (COD)", "manual"], facts.Gateways);
        Assert.Equal("Ayesha Khan", facts.CustomerName);
    }

    [Fact]
    public void GraphQl_order_facts_read_the_reconciliation_shape()
    {
        var node = JsonDocument.Parse("""
            {"id":"gid://shopify/Order/42","legacyResourceId":"42","name":"#1042","cancelledAt":null,"test":true,"tags":["vip"],
             "paymentGatewayNames":["COD"],"phone":null,"shippingAddress":{"phone":null,"name":null},"billingAddress":{"phone":"03001234567"},
             "customer":{"firstName":"Bilal","lastName":"Ahmed","defaultPhoneNumber":{"phoneNumber":"+923211234567"}},
             "totalPriceSet":{"shopMoney":{"amount":"1500.0","currencyCode":"PKR"},"presentmentMoney":{"amount":"1500.0","currencyCode":"PKR"}}}
            """).RootElement;

        var facts = ShopifyOrderFacts.FromGraphQl(node);

        Assert.Equal(("42", "#1042", true, false), (facts.OrderId, facts.Name, facts.Test, facts.Cancelled));
        Assert.Equal(1500m, facts.Amount);
        Assert.Equal([null, null, "03001234567", "+923211234567"], facts.Phones);
        Assert.Equal("Bilal Ahmed", facts.CustomerName);
        Assert.Equal(["vip"], facts.Tags);
    }
}
