using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Shopify;
using OrderConfirm.Stores;

namespace OrderConfirm.IntegrationTests.Shopify;

/// Reconciliation reads the shop's order search (a stub that filters and pages like Shopify) from each store's
/// high-water mark and takes in the COD orders no webhook brought.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyReconcileTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private static long _orders = 9_100_000_000;
    private readonly ShopifyAdminStub _shop = new ShopifyAdminStub().MutationsSucceed();

    [Fact]
    public async Task Reconciliation_takes_in_the_cod_order_whose_webhook_never_came()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var created = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var (missed, ours, prepaid) = (NextOrder(), NextOrder(), NextOrder());
        _shop.RecentOrders(
        [
            ShopifyFakeOrder.CashOnDelivery(missed, now, typed),                                          // missed webhook: take it
            ShopifyFakeOrder.CashOnDelivery(ours, now, typed) with { Tags = ["cod-pending"] },             // already ours
            ShopifyFakeOrder.Prepaid(prepaid, now, typed),                                                 // prepaid
        ]);

        var first = await ReconcileAsync(app, created.StoreId);
        var second = await ReconcileAsync(app, created.StoreId);

        Assert.Equal((1, 1, (string?)null), first); // the search asked for COD gateways and no cod-* tag
        Assert.Equal((1, 0, (string?)null), second); // nothing twice
        var verification = Assert.Single(await VerificationsAsync(admin, created.StoreId));
        Assert.Equal(missed.ToString(System.Globalization.CultureInfo.InvariantCulture), verification!["orderId"]!.GetValue<string>());
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
        var search = ShopifyAdminStub.Variables(_shop.Operations("query RecentOrders")[0]).GetProperty("q").GetString()!;
        Assert.Contains("status:open", search, StringComparison.Ordinal);
        Assert.Contains("""(gateway:"Cash on Delivery (COD)")""", search, StringComparison.Ordinal);
        Assert.All(new[] { "cod-pending", "cod-confirmed", "cod-cancelled", "cod-callback", "cod-unreachable" }, t => Assert.Contains($"tag_not:{t}", search, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Busy_store_still_reaches_the_missed_cod_order_behind_a_thousand_untagged_prepaid_ones()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var created = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var dayAgo = DateTimeOffset.UtcNow.AddDays(-1);
        await app.Services.GetRequiredService<StoreRepository>().SetReconciledThroughAsync(created.StoreId, dayAgo, CancellationToken.None);
        // The worst case: a shop whose search ignores the gateway filter. 1,200 prepaid orders over the last day
        // (more than one run's 20 pages of 50), then the COD order whose webhook never came.
        var missed = NextOrder();
        _shop.RecentOrders(
            Enumerable.Range(0, 1_200).Select(i => ShopifyFakeOrder.Prepaid(NextOrder(), dayAgo.AddSeconds(30 + (i * 60)), typed))
                .Append(ShopifyFakeOrder.CashOnDelivery(missed, dayAgo.AddHours(22), typed)),
            honourGateway: false);

        var runs = new List<(int Seen, int Taken, string? Error)>();
        for (var run = 0; run < 3; run++)
        {
            runs.Add(await ReconcileAsync(app, created.StoreId));
        }

        // The second run starts at the newest order the first one saw (read again: same second), the third finds
        // nothing new since its overlap window.
        Assert.Equal([(1_000, 0, null), (202, 1, null), (0, 0, null)], runs);
        var verification = Assert.Single(await VerificationsAsync(admin, created.StoreId));
        Assert.Equal(missed.ToString(System.Globalization.CultureInfo.InvariantCulture), verification!["orderId"]!.GetValue<string>());
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task New_store_orders_from_before_its_connection_wait_for_an_operator_backfill()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var created = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var older = NextOrder();
        _shop.RecentOrders([ShopifyFakeOrder.CashOnDelivery(older, DateTimeOffset.UtcNow.AddHours(-1), typed)]);

        var before = (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{created.StoreId}"))!;
        Assert.Equal((0, 0, (string?)null), await ReconcileAsync(app, created.StoreId));
        Assert.Empty(await VerificationsAsync(admin, created.StoreId));
        // The store shows how far reconciliation got: no earlier than its connection (minus the search-lag overlap).
        var after = (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{created.StoreId}"))!;
        Assert.True(after["reconciledThrough"]!.GetValue<DateTimeOffset>() >= before["createdAt"]!.GetValue<DateTimeOffset>().AddMinutes(-15));

        // Beyond Shopify:ReconcileLookback (2 days), in the future, missing: refused, naming the field.
        foreach (var since in new object?[] { DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddHours(1), null })
        {
            var refused = await admin.PostAsJsonAsync($"/api/stores/{created.StoreId}/reconcile", new { since });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["since"]);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/stores/999999/reconcile", new { since = DateTimeOffset.UtcNow.AddHours(-2) })).StatusCode);
        var custom = await admin.CreateCustomStoreAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/stores/{custom}/reconcile", new { since = DateTimeOffset.UtcNow.AddHours(-2) })).StatusCode);

        var backfill = await admin.PostAsJsonAsync($"/api/stores/{created.StoreId}/reconcile", new { since = DateTimeOffset.UtcNow.AddHours(-2) });
        Assert.Equal(HttpStatusCode.Accepted, backfill.StatusCode);
        var verification = await admin.WaitForOrderAsync(created.StoreId, older);
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");

        // A later run and a second backfill find it again and leave it alone.
        Assert.Equal(0, (await ReconcileAsync(app, created.StoreId)).Taken);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/stores/{created.StoreId}/reconcile", new { since = DateTimeOffset.UtcNow.AddHours(-2) })).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(await VerificationsAsync(admin, created.StoreId));
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    public void Dispose() => _shop.Dispose();

    private static long NextOrder() => Interlocked.Increment(ref _orders);

    // One run, as the recurring job does it, on the store as stored now (its mark included).
    private static async Task<(int Seen, int Taken, string? Error)> ReconcileAsync(OrderConfirmApp app, long storeId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<ShopifyReconcileOrdersJob>(scope.ServiceProvider);
        var store = (await scope.ServiceProvider.GetRequiredService<StoreRepository>().GetAsync(storeId, CancellationToken.None))!;
        return await job.ReconcileAsync(store, CancellationToken.None);
    }

    private static async Task<JsonArray> VerificationsAsync(HttpClient admin, long storeId)
        => (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeId}&limit=500"))!["items"]!.AsArray();
}
