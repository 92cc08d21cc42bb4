using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Shopify;

/// Before the dial the Shopify order guard reads the order: one the shop does not know, or one cancelled there since
/// the webhook, is not called.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyOrderGuardTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly ShopifyAdminStub _shop = new();

    [Fact]
    public async Task Order_unknown_to_the_shop_is_not_called()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var orderId = ShopifyVerifications.NextShopifyOrderId(); // never registered: the shop answers order: null

        var (id, _, phone) = await app.DeliverShopifyOrderAsync(_shop, roboCall, orderId);
        var stopped = await app.AdminClient().WaitForStatusAsync(id, "skipped");

        Assert.Contains("deleted in Shopify", stopped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Order_cancelled_in_the_shop_before_the_dial_is_not_called()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var orderId = ShopifyVerifications.NextShopifyOrderId();
        _shop.Order(orderId, cancelledAt: "2026-11-22T10:05:00Z");

        var (id, _, phone) = await app.DeliverShopifyOrderAsync(_shop, roboCall, orderId);
        var stopped = await app.AdminClient().WaitForStatusAsync(id, "skipped");

        Assert.Contains("cancelled in Shopify", stopped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task A_dial_soon_after_the_intake_is_placed_without_reading_the_order()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:RereadOrderAfter"] = "00:05:00" });
        var orderId = ShopifyVerifications.NextShopifyOrderId();
        // Cancelled in the shop without a webhook: only a read could see it, and a fresh order is called on the
        // webhook's word.
        _shop.Order(orderId, cancelledAt: "2026-11-22T10:05:00Z");

        var (id, _, phone) = await app.DeliverShopifyOrderAsync(_shop, roboCall, orderId, (2, 1, 0));
        await app.AdminClient().WaitForStatusAsync(id, "confirmed");

        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Empty(_shop.Operations("OrderState"));
    }

    [Fact]
    public async Task A_dial_later_than_RereadOrderAfter_reads_the_order_first()
    {
        _shop.MutationsSucceed();
        var late = new Dictionary<string, string?> { ["Verification:RereadOrderAfter"] = "00:00:01", ["Verification:CallDelay"] = "00:00:03" };
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, late);
        var orderId = ShopifyVerifications.NextShopifyOrderId();
        _shop.Order(orderId, cancelledAt: "2026-11-22T10:05:00Z");

        var (id, _, phone) = await app.DeliverShopifyOrderAsync(_shop, roboCall, orderId);
        var stopped = await app.AdminClient().WaitForStatusAsync(id, "skipped");

        Assert.Contains("cancelled in Shopify", stopped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(_shop.Operations("OrderState"));
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    public void Dispose() => _shop.Dispose();
}
