using System.Net;
using System.Net.Http.Json;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// The order is re-read in the store right before the dial, and again before the write-back: what the merchant did in
/// wp-admin meanwhile wins over the webhook we acted on.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceOrderGuardTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly WooCommerceStoreStub _woo = new();

    [Theory]
    [InlineData("cancelled", "The order was cancelled in WooCommerce before the call")]
    [InlineData("completed", "The order was completed in WooCommerce before the call")]
    [InlineData("refunded", "The order was refunded in WooCommerce before the call")]
    [InlineData("trash", "The order was moved to the trash in WooCommerce before the call")]
    [InlineData("deleted", "The order no longer exists in WooCommerce (deleted before the call)")]
    public async Task Order_closed_in_the_admin_before_the_call_is_skipped_and_nobody_is_called(string change, string reason)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        // Open when the order came in; the merchant acts during the two seconds before the call.
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { callDelay = "00:00:02" });
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1);
        Close(order.OrderId, change);

        var skipped = await admin.WaitForStatusAsync(order.Id, "skipped");

        Assert.Equal(reason, skipped["reason"]!.GetValue<string>());
        Assert.Equal(0, roboCall.DialCount(order.Phone));
        Assert.NotEmpty(_woo.Requests("GET", $"/orders/{order.OrderId}"));
        Assert.Empty(_woo.Requests("PUT", $"/orders/{order.OrderId}"));
        Assert.Empty(_woo.Requests("POST", $"/orders/{order.OrderId}/notes"));
    }

    [Theory]
    [InlineData("deleted", 1, "confirmed", "Nothing written: the order no longer exists in WooCommerce")]
    [InlineData("cancelled", 1, "confirmed", "Nothing written: the order is no longer open in WooCommerce (cancelled by someone else)")]
    [InlineData("completed", 2, "cancelled", "Nothing written: the order is no longer open in WooCommerce (completed by someone else)")]
    [InlineData("trash", 3, "callback", "Nothing written: the order is no longer open in WooCommerce (moved to the trash by someone else)")]
    public async Task Order_closed_during_the_call_keeps_its_outcome_here_and_nothing_is_written(string change, int dtmf, string outcome, string summary)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf, call: [(1, null, 0), (1, null, 0), (1, null, 0), (1, null, 0), (2, dtmf, 0)]);
        await admin.WaitForStatusAsync(order.Id, "calling", settled: false);
        var before = _woo.Order(order.OrderId)!.Status;
        Close(order.OrderId, change);

        var done = await admin.WaitForStatusAsync(order.Id, outcome);

        Assert.Equal("on-hold", before);
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.True(done.TimelineSays(summary), done.ToJsonString());
        Assert.Equal(1, roboCall.DialCount(order.Phone));
        Assert.Empty(_woo.Requests("PUT", $"/orders/{order.OrderId}"));
        Assert.Empty(_woo.Requests("POST", $"/orders/{order.OrderId}/notes"));
    }

    [Fact]
    public async Task Customer_cancelling_an_order_the_merchant_already_cancelled_gets_the_meta_and_the_note_but_no_status_change()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 2, call: [(1, null, 0), (1, null, 0), (1, null, 0), (1, null, 0), (2, 2, 0)]);
        await admin.WaitForStatusAsync(order.Id, "calling", settled: false);
        _woo.SetStatus(order.OrderId, "cancelled");

        var done = await admin.WaitForStatusAsync(order.Id, "cancelled");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var put = Assert.Single(_woo.Requests("PUT", $"/orders/{order.OrderId}"));
        Assert.Null(put.Json!["status"]);
        Assert.Equal("cancelled", _woo.Order(order.OrderId)!.MetaValue("_orderconfirm_status")?.GetString());
        Assert.Contains("Order status is cancelled.", Assert.Single(_woo.OurNotes(order.OrderId)).Note, StringComparison.Ordinal);
        // Only the merchant's own change was noted by WooCommerce.
        Assert.Single(_woo.Notes(order.OrderId), n => n.Note.StartsWith("Order status changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_key_before_the_call_flags_the_store_and_the_call_goes_ahead_on_the_webhooks_word()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        _woo.StripsAuthorizationHeader = true; // the host drops the Basic header: every read is anonymous, 401
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1, call: [(1, null, 0), (1, null, 0), (1, null, 0), (2, 1, 0)]);

        await admin.WaitForStatusAsync(order.Id, "calling", settled: false);

        // 'calling' is written when the dial is claimed, just before its request leaves.
        await Eventually.WaitAsync(() => roboCall.DialCount(order.Phone) > 0);
        Assert.Equal(1, roboCall.DialCount(order.Phone));
        Assert.Equal(401, _woo.Requests("GET", $"/orders/{order.OrderId}")[0].Status);
        var attention = (await admin.StoreAsync(storeId))["attention"]!.GetValue<string>();
        Assert.Contains("woocommerce_rest_cannot_view", attention, StringComparison.Ordinal);
        Assert.Contains("queryStringAuth", attention, StringComparison.Ordinal);
        Assert.Contains("before its call", attention, StringComparison.Ordinal);

        // The host is fixed while the phone rings: the write-back goes through.
        _woo.StripsAuthorizationHeader = false;
        await admin.WaitForStatusAsync(order.Id, "confirmed");
        Assert.Equal("processing", _woo.Order(order.OrderId)!.Status);
    }

    [Fact]
    public async Task Store_whose_REST_API_is_not_at_its_url_is_flagged_and_its_orders_are_not_taken_for_deleted()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        // A site URL with a path the store does not serve: its web server's own 404 page, not WooCommerce's.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { apiBaseUrl = _woo.BaseUrl + "/shop" })).StatusCode);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1);

        var failed = await admin.WaitForStatusAsync(order.Id, "needs-attention");

        Assert.Equal(1, roboCall.DialCount(order.Phone));
        Assert.Equal(1, failed["dtmf"]!.GetValue<int>()); // the customer confirmed; only the write-back failed
        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());
        Assert.Contains("REST API was not found", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("REST API was not found", (await admin.StoreAsync(storeId))["attention"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("on-hold", _woo.Order(order.OrderId)!.Status);
    }

    public void Dispose() => _woo.Dispose();

    private void Close(long orderId, string change)
    {
        switch (change)
        {
            case "trash":
                _woo.Trash(orderId);
                break;
            case "deleted":
                _woo.Delete(orderId);
                break;
            default:
                _woo.SetStatus(orderId, change);
                break;
        }
    }
}
