using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// Orders closed, cancelled or deleted in the shop, before or after their creation reached us, and a signed body
/// under a topic that does not match it: none of them is called.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceClosedOrderTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string MetaKey = "_orderconfirm_status";
    private readonly WooCommerceStoreStub _woo = new();

    [Fact]
    public async Task Orders_already_cancelled_refunded_completed_or_trashed_are_recorded_skipped()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo);
        var phones = new List<string>();
        var orders = new List<(long Id, string Word)>();
        foreach (var (status, word) in new[] { ("cancelled", "cancelled"), ("refunded", "refunded"), ("completed", "completed"), ("trash", "trashed") })
        {
            var (phone, typed) = RoboCallStub.NewPhone();
            phones.Add(phone);
            roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
            var order = _woo.AddOrder(phone: typed, status: status == "trash" ? "processing" : status);
            if (status == "trash")
            {
                _woo.Trash(order.Id);
            }

            orders.Add((order.Id, word));
            Assert.Matches("^verification [0-9]+: skipped \\(The order was already " + word + " in the shop\\)$", await shop.DeliverAsync(_woo.Delivery(shop.Updated, order.Id)));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var (id, word) in orders)
        {
            var verification = await shop.Admin.WaitForOrderAsync(shop.StoreId, id);
            Assert.Equal("skipped", (string?)verification["status"]);
            Assert.Contains(word, (string?)verification["reason"], StringComparison.Ordinal);
            Assert.Empty(_woo.HoldWrites(id));
        }

        Assert.All(phones, p => Assert.Equal(0, roboCall.DialCount(p)));
    }

    [Fact]
    public async Task Order_closed_in_the_admin_before_the_call_is_skipped_and_never_dialled()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "00:00:04" });
        var cases = new List<(long Id, string Phone, string Word)>();
        foreach (var change in new[] { "cancelled", "refunded", "completed", "trash" })
        {
            var (phone, typed) = RoboCallStub.NewPhone();
            roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
            var order = _woo.AddOrder(phone: typed);
            await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id));
            cases.Add((order.Id, phone, change == "trash" ? "trashed" : change));
        }

        // The merchant closes each one in wp-admin while it waits for its call (held, carrying our pending mark).
        foreach (var (id, _, word) in cases)
        {
            Assert.Equal("pending", _woo.Order(id)!.MetaValue(MetaKey)?.GetString());
            if (word == "trashed")
            {
                _woo.Trash(id);
            }
            else
            {
                _woo.SetStatus(id, word);
            }

            Assert.Matches($"^verification [0-9]+ stopped: order {word}$", await shop.DeliverAsync(_woo.Delivery(shop.Updated, id)));
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        foreach (var (id, phone, word) in cases)
        {
            var verification = await shop.Admin.WaitForOrderAsync(shop.StoreId, id);
            Assert.Equal("skipped", (string?)verification["status"]);
            Assert.Contains(word, (string?)verification["reason"], StringComparison.Ordinal);
            Assert.Equal(0, roboCall.DialCount(phone));
        }
    }

    [Fact]
    public async Task Cancel_or_delete_that_arrives_before_its_create_means_no_call()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo);
        var (cancelledPhone, cancelledTyped) = RoboCallStub.NewPhone();
        var (deletedPhone, deletedTyped) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(cancelledPhone, RoboCallStub.CallId(cancelledPhone));
        roboCall.AcceptCall(deletedPhone, RoboCallStub.CallId(deletedPhone));
        var cancelled = _woo.AddOrder(phone: cancelledTyped);
        var deleted = _woo.AddOrder(phone: deletedTyped);

        // Each create was built while the order was open, and reaches us after the change that closed it.
        var staleCancelledCreate = _woo.Delivery(shop.Created, cancelled.Id);
        var staleDeletedCreate = _woo.Delivery(shop.Created, deleted.Id);
        _woo.SetStatus(cancelled.Id, "cancelled");
        _woo.Trash(deleted.Id);
        await shop.DeliverAsync(_woo.Delivery(shop.Updated, cancelled.Id));
        Assert.Equal("order deleted before its verification arrived; it will not be called", await shop.DeliverAsync(_woo.Delivery(shop.Deleted, deleted.Id)));
        await shop.DeliverAsync(staleCancelledCreate);
        await shop.DeliverAsync(staleDeletedCreate);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var cancelledVerification = await shop.Admin.WaitForOrderAsync(shop.StoreId, cancelled.Id);
        var deletedVerification = await shop.Admin.WaitForOrderAsync(shop.StoreId, deleted.Id);
        Assert.Equal(("skipped", "skipped"), ((string?)cancelledVerification["status"], (string?)deletedVerification["status"]));
        Assert.Contains("cancelled", (string?)cancelledVerification["reason"], StringComparison.Ordinal);
        Assert.Equal("The order was already deleted in the shop", (string?)deletedVerification["reason"]);
        Assert.Equal(0, roboCall.DialCount(cancelledPhone) + roboCall.DialCount(deletedPhone));
    }

    [Fact]
    public async Task Deleted_orders_stop_their_verification()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "01:00:00" });
        var trashed = _woo.AddOrder();
        var removed = _woo.AddOrder();
        await shop.DeliverAsync(_woo.Delivery(shop.Created, trashed.Id));
        await shop.DeliverAsync(_woo.Delivery(shop.Created, removed.Id));

        _woo.Trash(trashed.Id);
        var byTopic = await shop.DeliverAsync(_woo.Delivery(shop.Deleted, trashed.Id));
        _woo.Delete(removed.Id);
        var byAction = await shop.DeliverAsync(_woo.Delivery(shop.DeleteAction, removed.Id));

        Assert.Matches("^verification [0-9]+ stopped: order deleted$", byTopic);
        Assert.Matches("^verification [0-9]+ stopped: order deleted$", byAction);
        foreach (var id in new[] { trashed.Id, removed.Id })
        {
            var verification = await shop.Admin.WaitForOrderAsync(shop.StoreId, id);
            Assert.Equal(("skipped", "The order was deleted in the shop before the call"), ((string?)verification["status"], (string?)verification["reason"]));
        }
    }

    [Fact]
    public async Task A_signed_body_under_another_topic_changes_nothing()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "01:00:00" });
        var order = _woo.AddOrder();
        await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id));
        _woo.SetStatus(order.Id, "cancelled");

        // The cancelled order's body replayed as order.deleted, and a deletion body replayed as order.updated.
        var asDeleted = await shop.DeliverAsync(WooCommerceWebhooks.Delivery(shop.StoreId, "order.deleted", _woo.OrderJson(order.Id), shop.Secret));
        var asUpdated = await shop.DeliverAsync(WooCommerceWebhooks.Delivery(shop.StoreId, "order.updated", WooCommerceWebhooks.Deleted(order.Id), shop.Secret));

        Assert.Equal("ignored: body does not match topic order.deleted (an order body, not a deletion)", asDeleted);
        Assert.Equal("ignored: body does not match topic order.updated (no order status)", asUpdated);
        Assert.Equal("pending", (string?)(await shop.Admin.WaitForOrderAsync(shop.StoreId, order.Id))["status"]);
    }

    public void Dispose() => _woo.Dispose();
}
