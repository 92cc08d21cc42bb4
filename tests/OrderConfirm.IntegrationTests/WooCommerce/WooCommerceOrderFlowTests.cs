using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// What each WooCommerce topic does once its delivery is processed: the intake and its hold, drafts, closed orders,
/// deletions, duplicates and our own writes coming back.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceOrderFlowTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string MetaKey = "_orderconfirm_status";
    private const string StartedNote = "phone verification started";
    private readonly WooCommerceStoreStub _woo = new();

    [Fact]
    public async Task Cod_order_is_held_noted_and_called_with_its_billing_phone_total_and_number()
    {
        await using var shop = await ShopAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var order = _woo.AddOrder(phone: typed, total: "4599.50");

        var result = await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id));
        var verification = await shop.Admin.WaitForOrderAsync(shop.StoreId, order.Id);
        var done = await shop.Admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");

        Assert.Equal($"verification {verification["id"]}: pending", result);
        Assert.NotEqual(order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), order.Number);
        Assert.Equal(order.Number, done["orderName"]!.GetValue<string>());
        Assert.Equal(4599.50m, done["amount"]!.GetValue<decimal>());
        var dial = Assert.Single(roboCall.Requests("/api/calls", "caller_id", phone));
        Assert.Equal("4600", RoboCallStub.Query(dial, "amount"));
        Assert.Equal(order.Number, RoboCallStub.Query(dial, "text2"));

        var hold = Assert.Single(HoldWrites(order.Id));
        Assert.Equal("on-hold", (string?)hold.Json!["status"]);
        Assert.Single(_woo.Notes(order.Id), n => n.Note.Contains(StartedNote, StringComparison.Ordinal) && !n.CustomerNote);
        Assert.Contains(done["timeline"]!.AsArray(), e => (string?)e!["kind"] == "shop" && ((string?)e["message"])!.Contains("on hold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Billing_phone_comes_first_and_shipping_phone_stands_in_for_a_billing_phone_that_is_no_mobile()
    {
        await using var shop = await ShopAsync();
        var (billing, billingTyped) = RoboCallStub.NewPhone();
        var (shipping, shippingTyped) = RoboCallStub.NewPhone();
        var (fallback, fallbackTyped) = RoboCallStub.NewPhone();
        foreach (var phone in new[] { billing, shipping, fallback })
        {
            roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
            roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        }

        var both = _woo.AddOrder(phone: billingTyped, shippingPhone: shippingTyped);
        var landline = _woo.AddOrder(phone: "042 3576 1234", shippingPhone: fallbackTyped);

        await shop.DeliverAsync(_woo.Delivery(shop.Created, both.Id));
        await shop.DeliverAsync(_woo.Delivery(shop.Created, landline.Id));
        await shop.Admin.WaitForStatusAsync((await shop.Admin.WaitForOrderAsync(shop.StoreId, both.Id))["id"]!.GetValue<long>(), "confirmed");
        await shop.Admin.WaitForStatusAsync((await shop.Admin.WaitForOrderAsync(shop.StoreId, landline.Id))["id"]!.GetValue<long>(), "confirmed");

        Assert.Equal((1, 0, 1), (roboCall.DialCount(billing), roboCall.DialCount(shipping), roboCall.DialCount(fallback)));
    }

    [Fact]
    public async Task Duplicate_deliveries_and_the_echo_of_our_hold_make_one_verification_one_dial_one_hold()
    {
        await using var shop = await ShopAsync(new { callDelay = "00:00:03" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var order = _woo.AddOrder(phone: typed);

        // Both webhooks fire for the new order, and each delivery has its own id; all carry the order before our hold.
        var copies = Enumerable.Range(0, 4).Select(_ => _woo.Delivery(shop.Created, order.Id)).Append(_woo.Delivery(shop.Updated, order.Id)).ToList();
        var results = await Task.WhenAll(copies.Select(shop.DeliverAsync));
        var verification = await shop.Admin.WaitForOrderAsync(shop.StoreId, order.Id);
        var id = verification["id"]!.GetValue<long>();

        // Our hold comes back as order.updated.
        var echo = await shop.DeliverAsync(_woo.Delivery(shop.Updated, order.Id));
        await shop.Admin.WaitForStatusAsync(id, "confirmed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal($"echo of our own write (pending); verification {id} unchanged", echo);
        Assert.Single(results, r => r == $"verification {id}: pending");
        Assert.All(results.Where(r => r != $"verification {id}: pending"), r => Assert.Equal($"verification {id} already existed", r));
        Assert.Single((await shop.Admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={shop.StoreId}"))!["items"]!.AsArray());
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Single(HoldWrites(order.Id));
        Assert.Single(_woo.Notes(order.Id), n => n.Note.Contains(StartedNote, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Block_checkout_draft_is_taken_in_once_it_is_placed_and_pending_or_failed_orders_are_ignored()
    {
        await using var shop = await ShopAsync(new { callDelay = "01:00:00" });
        var draft = _woo.AddOrder(status: "checkout-draft");
        var unpaid = _woo.AddOrder(status: "pending");
        var failed = _woo.AddOrder(status: "failed");

        Assert.Equal("ignored: order is checkout-draft", await shop.DeliverAsync(_woo.Delivery(shop.Updated, draft.Id)));
        Assert.Equal("ignored: order is pending", await shop.DeliverAsync(_woo.Delivery(shop.Updated, unpaid.Id)));
        Assert.Equal("ignored: order is failed", await shop.DeliverAsync(_woo.Delivery(shop.Created, failed.Id)));
        _woo.SetStatus(draft.Id, "processing");
        var placed = await shop.DeliverAsync(_woo.Delivery(shop.Updated, draft.Id));

        Assert.Matches("^verification [0-9]+: pending$", placed);
        var only = Assert.Single((await shop.Admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={shop.StoreId}"))!["items"]!.AsArray());
        Assert.Equal(draft.Number, (string?)only!["orderName"]);
        Assert.Equal("on-hold", _woo.Order(draft.Id)!.Status);
        Assert.Empty(HoldWrites(unpaid.Id).Concat(HoldWrites(failed.Id)));
    }

    [Fact]
    public async Task Only_the_stores_cod_payment_methods_are_verified()
    {
        await using var shop = await ShopAsync(new { callDelay = "01:00:00", codPaymentMethods = new[] { "cod", "cod_pk" } });
        var bank = _woo.AddOrder(paymentMethod: "bacs");
        var localCod = _woo.AddOrder(paymentMethod: "cod_pk");

        Assert.Equal("not a COD order", await shop.DeliverAsync(_woo.Delivery(shop.Created, bank.Id)));
        Assert.Matches("^verification [0-9]+: pending$", await shop.DeliverAsync(_woo.Delivery(shop.Created, localCod.Id)));
        Assert.Empty(HoldWrites(bank.Id));
    }

    [Fact]
    public async Task Orders_already_cancelled_refunded_completed_or_trashed_are_recorded_skipped()
    {
        await using var shop = await ShopAsync();
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
            Assert.Empty(HoldWrites(id));
        }

        Assert.All(phones, p => Assert.Equal(0, roboCall.DialCount(p)));
    }

    [Fact]
    public async Task Order_closed_in_the_admin_before_the_call_is_skipped_and_never_dialled()
    {
        await using var shop = await ShopAsync(new { callDelay = "00:00:04" });
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
        await using var shop = await ShopAsync();
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
        await using var shop = await ShopAsync(new { callDelay = "01:00:00" });
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
        await using var shop = await ShopAsync(new { callDelay = "01:00:00" });
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

    [Fact]
    public async Task Hold_at_intake_off_writes_nothing_to_the_order()
    {
        await using var shop = await ShopAsync(new { callDelay = "01:00:00", holdAtIntake = false });
        var order = _woo.AddOrder();

        Assert.Matches("^verification [0-9]+: pending$", await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id)));

        Assert.DoesNotContain(_woo.Requests(), r => r.Method != "GET");
        Assert.Equal("processing", _woo.Order(order.Id)!.Status);
    }

    [Fact]
    public async Task A_hold_the_store_refuses_is_recorded_and_the_call_still_goes_out()
    {
        await using var shop = await ShopAsync(new { callDelay = "00:00:02" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var order = _woo.AddOrder(phone: typed);
        _woo.FailNext($"/orders/{order.Id}", status: 403);

        await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id));
        var verification = await shop.Admin.WaitForOrderAsync(shop.StoreId, order.Id);
        var done = await shop.Admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");

        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Contains(done["timeline"]!.AsArray(), e => ((string?)e!["message"])!.StartsWith("Could not put the order on hold in WooCommerce: reading the order failed (refused", StringComparison.Ordinal));
        Assert.Empty(HoldWrites(order.Id));
    }

    public void Dispose() => _woo.Dispose();

    // Our intake's writes to the order: the PUTs that set our pending mark.
    private IReadOnlyList<WooShopRequest> HoldWrites(long orderId)
        => [.. _woo.Requests("PUT", $"/orders/{orderId}").Where(r => r.Json?["meta_data"] is JsonArray meta
            && meta.Any(m => (string?)m!["key"] == MetaKey && (string?)m["value"] == "pending"))];

    private async Task<Shop> ShopAsync(object? settings = null)
    {
        var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo, settings: settings);
        var url = $"https://orderconfirm.example/webhooks/woocommerce/{storeId}";
        return new Shop(app, admin, storeId, secret)
        {
            Created = _woo.AddWebhook("order.created", url, secret).Id,
            Updated = _woo.AddWebhook("order.updated", url, secret).Id,
            Deleted = _woo.AddWebhook("order.deleted", url, secret).Id,
            DeleteAction = _woo.AddWebhook("action.woocommerce_delete_order", url, secret).Id,
        };
    }

    private sealed class Shop(OrderConfirmApp app, HttpClient admin, long storeId, string secret) : IAsyncDisposable
    {
        public HttpClient Admin => admin;

        public long StoreId => storeId;

        public string Secret => secret;

        public required long Created { get; init; }

        public required long Updated { get; init; }

        public required long Deleted { get; init; }

        public required long DeleteAction { get; init; }

        /// Posts the store's delivery, expects 200, and waits until it is applied; returns its result line.
        public async Task<string> DeliverAsync(HttpRequestMessage request)
        {
            using (request)
            {
                using var client = app.CreateClient();
                var id = request.Headers.GetValues("X-WC-Webhook-Delivery-ID").Single();
                var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await app.WaitForDeliveryAsync("woocommerce", id);
            }
        }

        public async ValueTask DisposeAsync()
        {
            admin.Dispose();
            await app.DisposeAsync();
        }
    }
}
