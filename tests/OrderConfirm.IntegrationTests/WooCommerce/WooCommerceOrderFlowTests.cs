using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// What an order's creation does once its delivery is processed: the intake and its hold on the order, the phone and
/// payment method it is called with, drafts, duplicates and our own writes coming back. Orders closed or deleted in the
/// shop are in WooCommerceClosedOrderTests.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceOrderFlowTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly WooCommerceStoreStub _woo = new();

    [Fact]
    public async Task Cod_order_is_held_and_called_with_its_billing_phone_total_and_number()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo);
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

        var hold = Assert.Single(_woo.HoldWrites(order.Id));
        Assert.Equal("on-hold", (string?)hold.Json!["status"]);
        // The hold posts no note of its own (WooCommerce notes the status change); the outcome's note is the only one.
        Assert.Contains("confirmed", Assert.Single(_woo.OurNotes(order.Id), n => !n.CustomerNote).Note, StringComparison.Ordinal);
        Assert.Contains(_woo.Notes(order.Id), n => n.Note.Contains("Order status changed from Processing to On hold.", StringComparison.Ordinal));
        Assert.Contains(done["timeline"]!.AsArray(), e => (string?)e!["kind"] == "shop" && ((string?)e["message"])!.Contains("on hold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Billing_phone_comes_first_and_shipping_phone_stands_in_for_a_billing_phone_that_is_no_mobile()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo);
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
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "00:00:03" });
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
        Assert.Single(_woo.HoldWrites(order.Id));
        Assert.Single(_woo.OurNotes(order.Id));
    }

    [Fact]
    public async Task Block_checkout_draft_is_taken_in_once_it_is_placed_and_pending_or_failed_orders_are_ignored()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "01:00:00" });
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
        Assert.Empty(_woo.HoldWrites(unpaid.Id).Concat(_woo.HoldWrites(failed.Id)));
    }

    [Fact]
    public async Task Only_the_stores_cod_payment_methods_are_verified()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "01:00:00", codPaymentMethods = new[] { "cod", "cod_pk" } });
        var bank = _woo.AddOrder(paymentMethod: "bacs");
        var localCod = _woo.AddOrder(paymentMethod: "cod_pk");

        Assert.Equal("not a COD order", await shop.DeliverAsync(_woo.Delivery(shop.Created, bank.Id)));
        Assert.Matches("^verification [0-9]+: pending$", await shop.DeliverAsync(_woo.Delivery(shop.Created, localCod.Id)));
        Assert.Empty(_woo.HoldWrites(bank.Id));
    }

    [Fact]
    public async Task Hold_at_intake_off_writes_nothing_to_the_order()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "01:00:00", holdAtIntake = false });
        var order = _woo.AddOrder();

        Assert.Matches("^verification [0-9]+: pending$", await shop.DeliverAsync(_woo.Delivery(shop.Created, order.Id)));

        Assert.DoesNotContain(_woo.Requests(), r => r.Method != "GET");
        Assert.Equal("processing", _woo.Order(order.Id)!.Status);
    }

    [Fact]
    public async Task A_hold_the_store_refuses_is_recorded_and_the_call_still_goes_out()
    {
        await using var shop = await WooCommerceShop.ConnectAsync(postgres, roboCall, _woo, new { callDelay = "00:00:02" });
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
        Assert.Empty(_woo.HoldWrites(order.Id));
    }

    public void Dispose() => _woo.Dispose();
}
