using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Verification;

/// What the shop is told once the last attempt went unanswered, by the store's noAnswerPolicy: never that the customer
/// pressed a key.
[Collection(SharedInfrastructure.Name)]
public sealed class NoAnswerPolicyTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private static long _orders = 8_880_000_000;
    private readonly WooCommerceStoreStub _woo = new();
    private readonly ShopifyAdminStub _shop = new();

    [Fact]
    public async Task WooCommerce_hold_leaves_the_order_on_hold_for_a_person()
    {
        var (done, order) = await WooCommerceUnansweredAsync(new { noAnswerPolicy = "hold" }, "unreachable");

        Assert.Equal("call", done["decidedBy"]!.GetValue<string>());
        Assert.True(done.TimelineSays("held for a person by the store's no-answer policy (hold)"));
        Assert.Equal("on-hold", _woo.Order(order.OrderId)!.Status);
        var note = Assert.Single(_woo.OurNotes(order.OrderId)).Note;
        Assert.StartsWith("OrderConfirm: unreachable. The customer could not be reached", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WooCommerce_cancel_cancels_the_order_saying_nobody_answered_every_attempt()
    {
        var (done, order) = await WooCommerceUnansweredAsync(new { noAnswerPolicy = "cancel", reattempts = 1, reattemptAfter = "00:00:01" }, "cancelled");

        Assert.Equal("no-answer-policy", done["decidedBy"]!.GetValue<string>());
        Assert.Equal(2, done["attempt"]!.GetValue<int>());
        Assert.Equal(2, roboCall.DialCount(order.Phone));
        Assert.True(done.TimelineSays("Nobody answered 2 verification calls: cancelled by the store's no-answer policy (cancel)"));
        Assert.Equal("cancelled", _woo.Order(order.OrderId)!.Status);
        var note = Assert.Single(_woo.OurNotes(order.OrderId)).Note;
        Assert.StartsWith("OrderConfirm: cancelled. Nobody answered 2 verification calls; cancelled by the store's no-answer policy.", note, StringComparison.Ordinal);
        Assert.DoesNotContain("pressed", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WooCommerce_confirm_confirms_the_order_without_an_answer()
    {
        var (done, order) = await WooCommerceUnansweredAsync(new { noAnswerPolicy = "confirm" }, "confirmed");

        Assert.Equal("no-answer-policy", done["decidedBy"]!.GetValue<string>());
        Assert.Equal("processing", _woo.Order(order.OrderId)!.Status);
        var note = Assert.Single(_woo.OurNotes(order.OrderId)).Note;
        Assert.StartsWith("OrderConfirm: confirmed. Nobody answered the verification call; confirmed without an answer by the store's no-answer policy.", note, StringComparison.Ordinal);
        Assert.DoesNotContain("pressed", note, StringComparison.Ordinal);
    }

    // The merchant cancels the order in wp-admin while the last call rings; nobody answers. The policy decides open
    // orders only: the call's own outcome stands, nothing is written onto the cancelled order, and no SMS goes out (no
    // "your order is confirmed" for a cancelled order; the fallback is dropped with a timeline line).
    [Fact]
    public async Task WooCommerce_confirm_does_not_confirm_an_order_the_merchant_cancelled_while_the_last_call_rang()
    {
        const string smsKey = "rsp_policy_closed_0123456789";
        LeakScan.Secret(smsKey);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { noAnswerPolicy = "confirm", smsEvents = new { received = false } });
        (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { sms = new { provider = "robosms-pk", apiKey = smsKey } })).EnsureSuccessStatusCode();
        var updated = _woo.AddWebhook("order.updated", $"https://orderconfirm.example/webhooks/woocommerce/{storeId}", secret);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: null, call: [(1, null, 0)]); // ringing
        await WaitForAsync(async () => (await admin.GetVerificationAsync(order.Id)).TimelineSays("Robo Call accepted the call"));

        _woo.SetStatus(order.OrderId, "cancelled");
        using var cancel = _woo.Delivery(updated.Id, order.OrderId);
        using var receiver = app.CreateClient();
        (await receiver.SendAsync(cancel)).EnsureSuccessStatusCode();
        Assert.Contains("order cancelled", await app.WaitForDeliveryAsync("woocommerce", cancel.Headers.GetValues("X-WC-Webhook-Delivery-ID").Single()), StringComparison.Ordinal);
        roboCall.EndCall(order.CallId, 4, null, 3); // busy after Robo Call's retries

        var done = await admin.WaitForStatusAsync(order.Id, "unreachable");
        await WaitForAsync(async () => (await admin.GetVerificationAsync(order.Id)).TimelineSays("SMS fallback dropped: the order was cancelled in the shop"));
        await Task.Delay(500);

        Assert.Equal("call", done["decidedBy"]!.GetValue<string>());
        Assert.True(done.TimelineSays("the order was cancelled in the shop, so the store's no-answer policy (confirm) does not decide it"));
        Assert.Equal("cancelled", _woo.Order(order.OrderId)!.Status);
        Assert.DoesNotContain(_woo.OurNotes(order.OrderId), n => n.Note.Contains("confirmed", StringComparison.Ordinal));
        Assert.Empty(gateway.Sent);
    }

    // Nobody asked for the cancellation: the customer's SMS must not thank them for asking.
    [Fact]
    public async Task Cancel_texts_the_customer_that_they_could_not_be_reached_not_that_they_asked()
    {
        const string smsKey = "rsp_policy_cancel_0123456789";
        LeakScan.Secret(smsKey);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync(settings: new { noAnswerPolicy = "cancel", smsEvents = new { received = false, fallback = false } });
        (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { sms = new { provider = "robosms-pk", apiKey = smsKey } })).EnsureSuccessStatusCode();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (5, null, 3));
        var id = await admin.SubmitOrderAsync(storeId, $"policy-{Guid.NewGuid():N}", typed);

        await admin.WaitForStatusAsync(id, "cancelled");
        await WaitForAsync(() => Task.FromResult(gateway.Sent.Count > 0));

        var text = Assert.Single(gateway.Sent).Message.Text;
        Assert.Contains("we could not reach you to confirm your order", text, StringComparison.Ordinal);
        Assert.DoesNotContain("as you asked", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hold", "unreachable", "cod-unreachable")]
    [InlineData("cancel", "cancelled", "cod-cancelled")]
    [InlineData("confirm", "confirmed", "cod-confirmed")]
    public async Task Shopify_policy_writes_its_outcome(string policy, string status, string tag)
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl, settings: new { noAnswerPolicy = policy });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, null, 0)); // answered, no key: no-input
        var orderId = Interlocked.Increment(ref _orders);
        _shop.Order(orderId);
        using var shopify = app.CreateClient();
        using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
        (await shopify.SendAsync(request)).EnsureSuccessStatusCode();
        var id = (await admin.WaitForOrderAsync(store.StoreId, orderId))["id"]!.GetValue<long>();

        var done = await admin.WaitForStatusAsync(id, policy == "hold" ? "no-input" : status);

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Contains(_shop.Operations("mutation OutcomeTags"), a => ShopifyAdminStub.Variables(a).GetProperty("add")[0].GetString() == tag);
        var cancels = _shop.Operations("mutation CancelOrder");
        Assert.Equal(policy == "cancel" ? 1 : 0, cancels.Count);
        if (policy == "cancel")
        {
            var staffNote = ShopifyAdminStub.Variables(cancels[0]).GetProperty("staffNote").GetString()!;
            Assert.StartsWith("Cancelled by the store's OrderConfirm no-answer policy: nobody answered the verification call", staffNote, StringComparison.Ordinal);
            Assert.DoesNotContain("by the customer", staffNote, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        _woo.Dispose();
        _shop.Dispose();
    }

    private async Task<(JsonObject Done, WooCommerceVerification Order)> WooCommerceUnansweredAsync(object settings, string status)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo, settings: settings);
        // Every attempt is the same unanswered call (busy after Robo Call's own retries).
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: null, call: [(4, null, 3)]);
        var done = await admin.WaitForStatusAsync(order.Id, status, TimeSpan.FromSeconds(40));
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        return (done, order);
    }
}
