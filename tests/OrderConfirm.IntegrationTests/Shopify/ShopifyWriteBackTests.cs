using System.Text.Json;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Shopify;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.IntegrationTests.Shopify;

/// The outcome lands on the Shopify order through the Admin GraphQL API (a WireMock shop), or the verification
/// says clearly why it could not.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyWriteBackTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private static long _orders = 6_660_000_000;
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
        var (verification, orderId) = await VerifyAsync(app, dtmf);

        var done = await app.AdminClient().WaitForStatusAsync(verification, outcome);

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var logs = string.Join("\n", app.Logs.Lines);
        Assert.Contains("graphql.json", logs, StringComparison.Ordinal); // the Admin API calls were logged (Trace included)...
        Assert.DoesNotContain("shpat_test", logs, StringComparison.Ordinal); // ...without the access token
        var adds = _shop.Operations("mutation TagsAdd");
        Assert.Single(adds, a => ShopifyAdminStub.Variables(a).GetProperty("tags")[0].GetString() == "cod-pending"); // at intake
        var add = Assert.Single(adds, a => ShopifyAdminStub.Variables(a).GetProperty("tags")[0].GetString() != "cod-pending");
        Assert.Equal("shpat_test", ShopifyAdminStub.Token(add));
        Assert.Equal($"gid://shopify/Order/{orderId}", ShopifyAdminStub.Variables(add).GetProperty("id").GetString());
        Assert.Equal(tag, ShopifyAdminStub.Variables(add).GetProperty("tags")[0].GetString());
        // cod-pending and any earlier outcome's tag come off, whatever the outcome.
        var remove = Assert.Single(_shop.Operations("mutation TagsRemove"));
        Assert.Equal($"gid://shopify/Order/{orderId}", ShopifyAdminStub.Variables(remove).GetProperty("id").GetString());
        string[] outcomeTags = ["cod-confirmed", "cod-cancelled", "cod-callback", "cod-unreachable"];
        Assert.Equal(
            outcomeTags.Where(t => t != tag).Append("cod-pending").Order(),
            ShopifyAdminStub.Variables(remove).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order());
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
        _shop.Answer("OrderState", new { errors = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, status: 401);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, _) = await VerifyAsync(app, dtmf: 1);

        var failed = await app.AdminClient().WaitForStatusAsync(verification, "needs-attention");

        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());
        Assert.Contains("401", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(_shop.Operations("mutation TagsAdd"), a => a.RequestMessage!.Body!.Contains("cod-confirmed", StringComparison.Ordinal));
        using var admin = app.AdminClient();
        var store = await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{failed["storeId"]}");
        Assert.Contains("401", store!["attention"]!.GetValue<string>(), StringComparison.Ordinal);
        var patched = await admin.PatchAsJsonAsync($"/api/stores/{failed["storeId"]}", new { accessToken = "shpat_new" });
        Assert.Null((await patched.Content.ReadFromJsonAsync<JsonObject>())!["attention"]);
    }

    [Fact]
    public async Task Throttled_request_waits_as_long_as_the_cost_bucket_asks_and_then_succeeds()
    {
        _shop.MutationsSucceed();
        // The first outcome tagsAdd is THROTTLED (HTTP 200 with a GraphQL error): 50 points asked, none available,
        // 50 a second restored, so the bucket covers it again in 1 s.
        _shop.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher("*mutation TagsAdd*cod-confirmed*")))
            .InScenario("throttle").WillSetStateTo("recovered").AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                """{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],"extensions":{"cost":{"requestedQueryCost":50,"actualQueryCost":null,"throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":0,"restoreRate":50}}}}"""));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, _) = await VerifyAsync(app, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var sends = ConfirmedTagsAdds();
        Assert.Equal(2, sends.Count);
        // Waited inside the request for the bucket (no jitter there: the bucket itself spaces the store's requests).
        Assert.InRange(Gap(sends[0], sends[1]), TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("write-back-retry", done.TimelineKinds());
    }

    [Fact]
    public async Task Http_429_waits_for_retry_after_and_succeeds()
    {
        _shop.MutationsSucceed();
        _shop.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher("*mutation TagsAdd*cod-confirmed*")))
            .InScenario("429").WillSetStateTo("ok").AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("Too Many Requests"));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, _) = await VerifyAsync(app, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var sends = ConfirmedTagsAdds();
        Assert.Equal(2, sends.Count);
        Assert.InRange(Gap(sends[0], sends[1]), TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Retry_after_longer_than_a_request_may_wait_reschedules_the_write_back_with_jitter_and_no_attempt_spent()
    {
        _shop.MutationsSucceed();
        _shop.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher("*mutation TagsAdd*cod-confirmed*")))
            .InScenario("429-long").WillSetStateTo("ok").AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "6").WithBody("Too Many Requests"));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "1" });
        var (verification, _) = await VerifyAsync(app, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed", TimeSpan.FromSeconds(40));

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var sends = ConfirmedTagsAdds();
        Assert.Equal(2, sends.Count);
        // The job was rescheduled Retry-After (6 s) plus up to a fifth of jitter later, and the shop saw no request
        // before then (Hangfire's pick-up of the scheduled job adds a little on a busy machine).
        var throttled = Assert.Single(done["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "write-back-throttled");
        var wait = System.Text.RegularExpressions.Regex.Match(throttled!["message"]!.GetValue<string>(), @"in (\d+\.\d+) s");
        Assert.InRange(double.Parse(wait.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 6.0, 6.0 * 1.2);
        Assert.InRange(Gap(sends[0], sends[1]), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6 * 1.2 + 5));
        Assert.DoesNotContain("write-back-retry", done.TimelineKinds());
    }

    [Fact]
    public async Task Write_back_throttled_more_times_than_it_has_attempts_is_still_written_back()
    {
        _shop.MutationsSucceed();
        var throttles = 0;
        // Seven THROTTLED answers in a row (0.1 s of refill each), then the shop serves it.
        _shop.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher("*mutation TagsAdd*cod-confirmed*")))
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ => Interlocked.Increment(ref throttles) <= 7
                ? WireMockResponses.Json(200, """{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],"extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":null,"throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":0,"restoreRate":100}}}}""")
                : WireMockResponses.Json(200, """{"data":{"tagsAdd":{"node":{"id":"gid://shopify/Order/1"},"userErrors":[]}}}""")));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "2" });
        var (verification, _) = await VerifyAsync(app, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(8, ConfirmedTagsAdds().Count);
        // Three sends per job run, then the wait goes back to the job's schedule: twice, with no attempt spent.
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "write-back-throttled"));
        Assert.DoesNotContain("write-back-retry", done.TimelineKinds());
    }

    [Fact]
    public async Task Burst_against_a_small_cost_bucket_is_spaced_under_its_budget()
    {
        // 50 points, 50 a second, 10 a request: 20 requests need 3 s of refill beyond the full bucket.
        var bucket = _shop.SimulateBucket("BurstProbe", capacity: 50, restoreRate: 50, cost: 10);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var created = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var store = (await app.Services.GetRequiredService<StoreRepository>().GetAsync(created.StoreId, CancellationToken.None))!;
        var client = app.Services.GetRequiredService<ShopifyAdminClient>();
        const string probe = "query BurstProbe { shop { name } }";

        Assert.IsType<ShopAnswer<JsonElement>.Ok>(await client.ExecuteAsync(store, probe, null, CancellationToken.None)); // learns the bucket
        var started = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ExecuteAsync(store, probe, null, CancellationToken.None)));

        Assert.All(results, r => Assert.IsType<ShopAnswer<JsonElement>.Ok>(r));
        Assert.Equal(21, bucket.Served);
        Assert.InRange(bucket.Throttled, 0, 1);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(2.5), $"the burst took {started.Elapsed}; the bucket only refills 50 points a second");
    }

    [Fact]
    public async Task Order_unknown_to_the_shop_is_not_called()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var orderId = Interlocked.Increment(ref _orders); // never registered: the shop answers order: null
        using var shopify = app.CreateClient();
        using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
        (await shopify.SendAsync(request)).EnsureSuccessStatusCode();

        var id = (await admin.WaitForOrderAsync(store.StoreId))["id"]!.GetValue<long>();
        var stopped = await admin.WaitForStatusAsync(id, "skipped");

        Assert.Contains("deleted in Shopify", stopped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Order_deleted_in_the_shop_before_the_write_back_is_not_written()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (1, null, 0), (1, null, 0), (1, null, 0), (1, null, 0), (2, 1, 0)); // rings for a while
        var orderId = Interlocked.Increment(ref _orders);
        _shop.Order(orderId);
        using var shopify = app.CreateClient();
        using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
        (await shopify.SendAsync(request)).EnsureSuccessStatusCode();
        var id = (await admin.WaitForOrderAsync(store.StoreId))["id"]!.GetValue<long>();
        await admin.WaitForStatusAsync(id, "calling", settled: false);
        _shop.Forget(orderId);

        var done = await admin.WaitForStatusAsync(id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Contains(done["timeline"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("no longer open in Shopify (deleted)", StringComparison.Ordinal));
        Assert.DoesNotContain(_shop.Operations("mutation TagsAdd"), a => a.RequestMessage!.Body!.Contains("cod-confirmed", StringComparison.Ordinal));
        Assert.Empty(_shop.Operations("mutation TagsRemove"));
    }

    [Fact]
    public async Task Cancel_refused_by_shopify_needs_attention_with_its_message_but_an_already_cancelled_order_is_done()
    {
        _shop.MutationsSucceed()
            .Answer("CancelOrder", new { data = new { orderCancel = new { job = (object?)null, orderCancelUserErrors = new[] { new { field = new[] { "orderId" }, message = "Cannot cancel an order with an active return", code = "INVALID" } }, userErrors = Array.Empty<object>() } } }, priority: 1);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (refused, _) = await VerifyAsync(app, dtmf: 2);

        var failed = await app.AdminClient().WaitForStatusAsync(refused, "needs-attention");

        Assert.Contains("Cannot cancel an order with an active return", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());

        // Open when the call is placed, cancelled by staff before the write-back: nothing left to cancel.
        _shop.Server.ResetMappings();
        _shop.Server.ResetLogEntries();
        _shop.MutationsSucceed();
        var orderState = WireMock.RequestBuilders.Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithBody(new WireMock.Matchers.WildcardMatcher("*OrderState*"));
        _shop.Server.Given(orderState).InScenario("staff-cancel").WillSetStateTo("cancelled")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"data":{"order":{"id":"gid://shopify/Order/1","cancelledAt":null,"closed":false,"displayFulfillmentStatus":"UNFULFILLED","tags":[]}}}"""));
        _shop.Server.Given(orderState).InScenario("staff-cancel").WhenStateIs("cancelled").WillSetStateTo("cancelled")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"data":{"order":{"id":"gid://shopify/Order/1","cancelledAt":"2026-11-22T10:05:00Z","closed":false,"displayFulfillmentStatus":"UNFULFILLED","tags":[]}}}"""));
        var (already, _) = await VerifyAsync(app, dtmf: 2);
        var done = await app.AdminClient().WaitForStatusAsync(already, "cancelled");
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Empty(_shop.Operations("mutation CancelOrder"));
    }

    [Fact]
    public async Task Order_cancelled_in_the_shop_before_the_dial_is_not_called()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var orderId = Interlocked.Increment(ref _orders);
        _shop.Order(orderId, cancelledAt: "2026-11-22T10:05:00Z");
        using var shopify = app.CreateClient();
        using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
        (await shopify.SendAsync(request)).EnsureSuccessStatusCode();

        var id = (await admin.WaitForOrderAsync(store.StoreId))["id"]!.GetValue<long>();
        var stopped = await admin.WaitForStatusAsync(id, "skipped");

        Assert.Contains("cancelled in Shopify", stopped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    public void Dispose() => _shop.Dispose();

    private static TimeSpan Gap(WireMock.Logging.ILogEntry first, WireMock.Logging.ILogEntry second)
        => second.RequestMessage!.DateTime - first.RequestMessage!.DateTime;

    private List<WireMock.Logging.ILogEntry> ConfirmedTagsAdds()
        => _shop.Operations("mutation TagsAdd").Where(a => a.RequestMessage!.Body!.Contains("cod-confirmed", StringComparison.Ordinal)).ToList();

    private async Task<(long Verification, long OrderId)> VerifyAsync(OrderConfirmApp app, int? dtmf)
    {
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, dtmf, 0));
        var orderId = Interlocked.Increment(ref _orders);
        _shop.Order(orderId);
        using var shopify = app.CreateClient();
        using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
        (await shopify.SendAsync(request)).EnsureSuccessStatusCode();
        return ((await admin.WaitForOrderAsync(store.StoreId))["id"]!.GetValue<long>(), orderId);
    }
}
