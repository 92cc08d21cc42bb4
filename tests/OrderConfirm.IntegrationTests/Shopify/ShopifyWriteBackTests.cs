using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Shopify;

/// The outcome lands on the Shopify order through the Admin GraphQL API (a WireMock shop), or the verification
/// says clearly why it could not. How the write-back keeps to the shop's rate limits is in ShopifyRateLimitTests.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyWriteBackTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly ShopifyAdminStub _shop = new();

    [Theory]
    [InlineData(1, "confirmed", "cod-confirmed")]
    [InlineData(2, "cancelled", "cod-cancelled")]
    [InlineData(3, "callback", "cod-callback")]
    [InlineData(null, "no-input", "cod-unreachable")]
    public async Task Outcome_is_written_with_the_right_mutations(int? dtmf, string outcome, string tag)
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, orderId, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf);

        var done = await app.AdminClient().WaitForStatusAsync(verification, outcome);

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var logs = string.Join("\n", app.Logs.Lines);
        Assert.Contains("graphql.json", logs, StringComparison.Ordinal); // the Admin API calls were logged (Trace included)...
        Assert.DoesNotContain("shpat_test", logs, StringComparison.Ordinal); // ...without the access token
        var intake = Assert.Single(_shop.Operations("mutation TagsAdd"));
        Assert.Equal("cod-pending", ShopifyAdminStub.Variables(intake).GetProperty("tags")[0].GetString());
        // The outcome's tag on and the others off in one request (one document, tagsAdd first).
        var write = Assert.Single(_shop.Operations("mutation OutcomeTags"));
        Assert.Equal("shpat_test", ShopifyAdminStub.Token(write));
        Assert.Equal($"gid://shopify/Order/{orderId}", ShopifyAdminStub.Variables(write).GetProperty("id").GetString());
        Assert.Equal([tag], ShopifyAdminStub.Variables(write).GetProperty("add").EnumerateArray().Select(t => t.GetString()!));
        // cod-pending and any earlier outcome's tag come off, whatever the outcome.
        string[] outcomeTags = ["cod-confirmed", "cod-cancelled", "cod-callback", "cod-unreachable"];
        Assert.Equal(
            outcomeTags.Where(t => t != tag).Append("cod-pending").Order(),
            ShopifyAdminStub.Variables(write).GetProperty("remove").EnumerateArray().Select(t => t.GetString()!).Order());
        var cancels = _shop.Operations("mutation CancelOrder");
        Assert.Equal(outcome == "cancelled" ? 1 : 0, cancels.Count);
        if (outcome == "cancelled")
        {
            Assert.Equal($"gid://shopify/Order/{orderId}", ShopifyAdminStub.Variables(cancels[0]).GetProperty("orderId").GetString());
            Assert.Contains("reason: CUSTOMER", cancels[0].RequestMessage!.Body!, StringComparison.Ordinal);
            Assert.Contains("restock: true", cancels[0].RequestMessage!.Body!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Revoked_token_puts_the_verification_in_needs_attention()
    {
        _shop.Answer("mutation OutcomeTags", new { errors = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, status: 401);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 1);

        var failed = await app.AdminClient().WaitForStatusAsync(verification, "needs-attention");

        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());
        Assert.Contains("401", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(_shop.Operations("mutation OutcomeTags"));
        using var admin = app.AdminClient();
        var store = await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{failed["storeId"]}");
        Assert.Contains("401", store!["attention"]!.GetValue<string>(), StringComparison.Ordinal);
        var patched = await admin.PatchAsJsonAsync($"/api/stores/{failed["storeId"]}", new { accessToken = "shpat_new" });
        Assert.Null((await patched.Content.ReadFromJsonAsync<JsonObject>())!["attention"]);
    }

    [Fact]
    public async Task Order_deleted_in_the_shop_before_the_write_back_is_not_written()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var orderId = ShopifyVerifications.NextShopifyOrderId();
        _shop.Order(orderId);
        var (id, _, _) = await app.DeliverShopifyOrderAsync(_shop, roboCall, orderId, (1, null, 0), (1, null, 0), (1, null, 0), (1, null, 0), (2, 1, 0)); // rings for a while
        using var admin = app.AdminClient();
        await admin.WaitForStatusAsync(id, "calling", settled: false);
        _shop.Forget(orderId);

        var done = await admin.WaitForStatusAsync(id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Contains(done["timeline"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("no longer open in Shopify (deleted)", StringComparison.Ordinal));
        // The tag document is the write-back's only request: its answer (no node) is what says the order is gone.
        Assert.Single(_shop.Operations("mutation OutcomeTags"));
        Assert.Empty(_shop.Operations("mutation CancelOrder"));
    }

    [Fact]
    public async Task Cancel_refused_by_shopify_needs_attention_with_its_message_but_an_already_cancelled_order_is_done()
    {
        _shop.MutationsSucceed()
            .Answer("CancelOrder", new { data = new { orderCancel = new { job = (object?)null, orderCancelUserErrors = new[] { new { field = new[] { "orderId" }, message = "Cannot cancel an order with an active return", code = "INVALID" } }, userErrors = Array.Empty<object>() } } }, priority: 1);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (refused, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 2);

        var failed = await app.AdminClient().WaitForStatusAsync(refused, "needs-attention");

        Assert.Contains("Cannot cancel an order with an active return", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());

        // Open when the call is placed, cancelled by staff before the write-back: nothing left to cancel.
        _shop.Server.ResetMappings();
        _shop.Server.ResetLogEntries();
        // The write-back learns it from its own tag document's answer.
        _shop.MutationsSucceed().Answer(
            "mutation OutcomeTags",
            new { data = new { tagsAdd = new { node = new { id = "gid://shopify/Order/1" }, userErrors = Array.Empty<object>() }, tagsRemove = new { node = new { id = "gid://shopify/Order/1", cancelledAt = "2026-11-22T10:05:00Z", closed = false, displayFulfillmentStatus = "UNFULFILLED", tags = new[] { "cod-cancelled" } }, userErrors = Array.Empty<object>() } } },
            priority: 1);
        var (already, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 2);
        var done = await app.AdminClient().WaitForStatusAsync(already, "cancelled");
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Empty(_shop.Operations("mutation CancelOrder"));
    }

    [Theory]
    [InlineData(1, "confirmed")]
    [InlineData(2, "cancelled")]
    public async Task Order_fulfilled_by_staff_during_the_call_keeps_its_tags_and_is_never_cancelled(int dtmf, string outcome)
    {
        _shop.TrackTags();
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var orderId = ShopifyVerifications.NextShopifyOrderId();
        _shop.Order(orderId);
        var (id, _, _) = await app.DeliverShopifyOrderAsync(_shop, roboCall, orderId, (1, null, 0), (1, null, 0), (1, null, 0), (1, null, 0), (2, dtmf, 0));
        using var admin = app.AdminClient();
        await admin.WaitForStatusAsync(id, "calling", settled: false);
        _shop.Order(orderId, fulfillment: "FULFILLED");

        var done = await admin.WaitForStatusAsync(id, outcome);

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.True(done.TimelineSays("the order is no longer open in Shopify (fulfilled), so nothing else was changed"), done.ToJsonString());
        Assert.Equal([$"cod-{outcome}"], _shop.Tags(orderId).Where(t => t.StartsWith("cod-", StringComparison.Ordinal)));
        Assert.Empty(_shop.Operations("mutation CancelOrder"));
        // Read once before the (late: RereadOrderAfter 0 here) dial, never before the write-back.
        Assert.Single(_shop.Operations("OrderState"));
    }

    public void Dispose() => _shop.Dispose();
}
