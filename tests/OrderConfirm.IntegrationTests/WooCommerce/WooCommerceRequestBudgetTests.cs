using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// What a verified order costs the store (issue 17: at most 4 REST requests): the hold's PUT without a read before it
/// while the webhook's copy is fresh, no read before an early call, the write-back's read and PUT, and one note posted
/// without listing the notes first. A stale copy is still read before the hold.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceRequestBudgetTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private static readonly Dictionary<string, string?> Fresh = new() { ["Verification:RereadOrderAfter"] = "00:05:00", ["WooCommerce:HoldWithoutReadWithin"] = "00:00:30" };

    private readonly WooCommerceStoreStub _woo = new();

    [Fact]
    public async Task A_fresh_order_confirmed_on_its_first_call_costs_the_store_four_requests()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, overrides: Fresh);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var order = _woo.AddOrder(phone: typed);

        await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id));
        var id = (await shop.Admin.WaitForOrderAsync(shop.StoreId, order.Id))["id"]!.GetValue<long>();
        var done = await shop.Admin.WaitForStatusAsync(id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var requests = _woo.Requests().Where(r => r.Path.StartsWith($"/orders/{order.Id}", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.Equal([$"PUT /orders/{order.Id}", $"GET /orders/{order.Id}", $"PUT /orders/{order.Id}", $"POST /orders/{order.Id}/notes"], requests);
        Assert.Equal("processing", _woo.Order(order.Id)!.Status);
        Assert.Contains("confirmed", Assert.Single(_woo.OurNotes(order.Id)).Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_older_than_HoldWithoutReadWithin_is_read_before_the_hold()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, settings: new { callDelay = "01:00:00" }, overrides: new Dictionary<string, string?> { ["WooCommerce:HoldWithoutReadWithin"] = "00:00:01" });
        var order = _woo.AddOrder();
        var delivery = _woo.Delivery(shop.Created, order.Id);
        await Task.Delay(TimeSpan.FromSeconds(2));

        await shop.DeliverAsync(delivery);
        await shop.Admin.WaitForOrderAsync(shop.StoreId, order.Id);
        await Eventually.WaitAsync(() => _woo.HoldWrites(order.Id).Count == 1);

        var requests = _woo.Requests().Where(r => r.Path == $"/orders/{order.Id}").Select(r => r.Method).ToList();
        Assert.Equal(["GET", "PUT"], requests);
        Assert.Equal("on-hold", _woo.Order(order.Id)!.Status);
    }

    public void Dispose() => _woo.Dispose();
}
