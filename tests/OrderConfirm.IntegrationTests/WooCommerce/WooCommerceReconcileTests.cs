using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Stores;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// Reconciliation lists a WooCommerce store's changed orders (a stub that filters, sorts and pages as WordPress does)
/// from the store's high-water mark and takes in the COD orders no webhook brought.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceReconcileTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    // The recurring runs stay out of the way: each test runs reconciliation itself.
    private static readonly Dictionary<string, string?> NoRecurringRuns = new()
    {
        ["Jobs:ReconcileCron"] = "0 0 1 1 *",
        ["Jobs:EnsureWebhooksCron"] = "0 0 1 1 *",
    };

    [Fact]
    public async Task Reconciliation_takes_in_the_cod_order_whose_webhook_never_came_and_nothing_else()
    {
        using var woo = new WooCommerceStoreStub();
        var (phone, typed) = Answering(roboCall);
        var (otherPhone, otherTyped) = Answering(roboCall);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoRecurringRuns);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(woo);
        var missed = woo.AddOrder(phone: typed);                                          // its order.created never came
        var prepaid = woo.AddOrder(phone: typed, paymentMethod: "bacs");
        var cancelled = woo.AddOrder(phone: typed, status: "cancelled");
        var unpaid = woo.AddOrder(phone: typed, status: "pending");
        var delivered = woo.AddOrder(phone: otherTyped, status: "on-hold");               // its webhook did come
        var verified = await admin.SubmitOrderAsync(storeId, Id(delivered), otherTyped);

        var first = await ReconcileAsync(app, storeId);
        var second = await ReconcileAsync(app, storeId);

        Assert.Equal((5, 1, (string?)null), first);
        Assert.Equal(0, second.Taken); // nothing twice
        Assert.Null(second.Error);
        var verifications = await VerificationsAsync(admin, storeId);
        Assert.Equal(new[] { Id(delivered), Id(missed) }.Order(), verifications.Select(v => (string)v!["orderId"]!).Order());
        var taken = verifications.Single(v => (string)v!["orderId"]! == Id(missed))!;
        Assert.Equal(missed.Number, (string?)taken["orderName"]);
        await admin.WaitForStatusAsync(taken["id"]!.GetValue<long>(), "confirmed");
        await admin.WaitForStatusAsync(verified, "confirmed");
        Assert.Equal((1, 1), (roboCall.DialCount(phone), roboCall.DialCount(otherPhone)));
        Assert.DoesNotContain(verifications, v => (string)v!["orderId"]! is var id && (id == Id(prepaid) || id == Id(cancelled) || id == Id(unpaid)));

        // What the store was asked: changes since the mark in UTC, oldest first, 100 a page, with the store's key.
        var list = woo.Requests("GET", "/orders")[0];
        // (Refit writes the boolean as "True"; WordPress lower-cases boolean parameters before it checks them.)
        Assert.Equal(("true", "100", "modified", "asc", "1"), (list.Query["dates_are_gmt"].ToLowerInvariant(), list.Query["per_page"], list.Query["orderby"], list.Query["order"], list.Query["page"]));
        Assert.True(DateTime.Parse(list.Query["modified_after"], CultureInfo.InvariantCulture) < missed.DateModifiedGmt);
        Assert.Equal(woo.BasicAuthorization, list.Authorization);

        // The store shows how far reconciliation got: the newest change it read, by the store's clock.
        var store = (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!;
        Assert.True(store["reconciledThrough"]!.GetValue<DateTimeOffset>().UtcDateTime >= delivered.DateModifiedGmt);
    }

    [Fact]
    public async Task A_busy_store_is_read_page_after_page_and_worked_through_over_successive_runs()
    {
        var clock = new SkewedClock();
        using var woo = new WooCommerceStoreStub(clock);
        var (phone, typed) = Answering(roboCall);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoRecurringRuns);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(woo);
        await app.Services.GetRequiredService<StoreRepository>().SetReconciledThroughAsync(storeId, DateTimeOffset.UtcNow.AddHours(-3), CancellationToken.None);

        // 2,150 prepaid orders changed over the last two hours, two seconds apart (more than one run's 20 pages of
        // 100), then the COD order whose webhook never came.
        clock.Jump(TimeSpan.FromHours(-2));
        for (var i = 0; i < 2_150; i++)
        {
            woo.AddOrder(phone: typed, paymentMethod: "bacs");
            clock.Jump(TimeSpan.FromSeconds(2));
        }

        var missed = woo.AddOrder(phone: typed);
        clock.Jump(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(2 * 2_150));

        var runs = new List<(int Seen, int Taken, string? Error)>();
        var marks = new List<DateTimeOffset>();
        for (var run = 0; run < 3; run++)
        {
            runs.Add(await ReconcileAsync(app, storeId));
            marks.Add((await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["reconciledThrough"]!.GetValue<DateTimeOffset>());
        }

        // The first run reads its 20 pages and stops; each page starts again from the newest change's second of the
        // one before (so the first order of each next page is read twice). The second run goes on from the mark.
        Assert.Equal((2_000, 0, (string?)null), runs[0]);
        Assert.Equal((1, (string?)null), (runs[1].Taken, runs[1].Error));
        Assert.Equal((0, (string?)null), (runs[2].Taken, runs[2].Error));
        Assert.True(marks[0] < marks[1]);
        Assert.Equal(missed.DateModifiedGmt, marks[1].UtcDateTime);
        var firstRun = woo.Requests("GET", "/orders").Take(20).ToList();
        Assert.Equal(20, firstRun.Select(r => r.Query["modified_after"]).Distinct().Count());
        var verification = Assert.Single(await VerificationsAsync(admin, storeId));
        Assert.Equal(Id(missed), (string?)verification!["orderId"]);
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task More_than_a_page_of_changes_in_one_second_is_followed_by_page_number()
    {
        var clock = new StoppedClock(DateTimeOffset.UtcNow.AddMinutes(-30));
        using var woo = new WooCommerceStoreStub(clock);
        var (phone, typed) = Answering(roboCall);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoRecurringRuns);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(woo);
        await app.Services.GetRequiredService<StoreRepository>().SetReconciledThroughAsync(storeId, DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

        // A bulk edit: 250 prepaid orders and the missed COD one, all saved within the same second.
        for (var i = 0; i < 250; i++)
        {
            woo.AddOrder(phone: typed, paymentMethod: "bacs");
        }

        var missed = woo.AddOrder(phone: typed);

        var run = await ReconcileAsync(app, storeId);

        Assert.Equal(1, run.Taken);
        Assert.Null(run.Error);
        var reads = woo.Requests("GET", "/orders");
        Assert.Equal(["1", "1", "2", "3"], reads.Select(r => r.Query["page"]));
        Assert.Equal(missed.DateModifiedGmt.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), reads[^1].Query["modified_after"]);
        Assert.Equal(Id(missed), (string?)Assert.Single(await VerificationsAsync(admin, storeId))!["orderId"]);
        Assert.Equal(0, (await ReconcileAsync(app, storeId)).Taken);
        await admin.WaitForStatusAsync((await admin.WaitForOrderAsync(storeId, missed.Id))["id"]!.GetValue<long>(), "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task A_new_store_orders_from_before_its_connection_wait_for_an_operator_backfill()
    {
        var clock = new SkewedClock();
        using var woo = new WooCommerceStoreStub(clock);
        var (phone, typed) = Answering(roboCall);
        clock.Jump(TimeSpan.FromHours(-1));
        var older = woo.AddOrder(phone: typed);
        clock.Jump(TimeSpan.FromHours(1));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoRecurringRuns);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(woo);

        var before = (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!;
        Assert.Equal((0, 0, (string?)null), await ReconcileAsync(app, storeId));
        Assert.Empty(await VerificationsAsync(admin, storeId));
        var after = (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!;
        Assert.Equal(before["createdAt"]!.GetValue<DateTimeOffset>(), after["reconciledThrough"]!.GetValue<DateTimeOffset>());

        // Beyond WooCommerce:ReconcileLookback (2 days), in the future, missing: refused, naming the field and option.
        foreach (var since in new object?[] { DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddHours(1), null })
        {
            var refused = await admin.PostAsJsonAsync($"/api/stores/{storeId}/reconcile", new { since });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("WooCommerce:ReconcileLookback", (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["since"]![0], StringComparison.Ordinal);
        }

        var since2h = DateTimeOffset.UtcNow.AddHours(-2);
        var backfill = await admin.PostAsJsonAsync($"/api/stores/{storeId}/reconcile", new { since = since2h });
        Assert.Equal(HttpStatusCode.Accepted, backfill.StatusCode);
        Assert.Equal(since2h.ToUnixTimeMilliseconds(), (await backfill.Content.ReadFromJsonAsync<JsonObject>())!["reconcilingFrom"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        var verification = await admin.WaitForOrderAsync(storeId, older.Id);
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");

        // A later run and a second backfill find it again and leave it alone.
        Assert.Equal(0, (await ReconcileAsync(app, storeId)).Taken);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/stores/{storeId}/reconcile", new { since = since2h })).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(await VerificationsAsync(admin, storeId));
        Assert.Equal(1, roboCall.DialCount(phone));

        // A disabled store is not reconciled.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/stores/{storeId}/reconcile", new { since = since2h })).StatusCode);
    }

    [Fact]
    public async Task A_store_whose_credentials_cannot_be_read_does_not_stop_the_stores_after_it()
    {
        using var broken = new WooCommerceStoreStub();
        using var woo = new WooCommerceStoreStub();
        var (phone, typed) = Answering(roboCall);
        var database = await postgres.CreateDatabaseAsync();
        await using var app = OrderConfirmApp.Start(database, roboCall, NoRecurringRuns);
        using var admin = app.AdminClient();
        var (brokenId, _) = await admin.CreateWooCommerceStoreAsync(broken, "Broken Boutique");
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(woo);
        broken.AddOrder(phone: typed);
        var missed = woo.AddOrder(phone: typed);

        // Sealed with a key this service does not have (a rotation half done): reading the store's key throws.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("update stores set secrets = 'v1.retired.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' where id = @id", connection);
            update.Parameters.AddWithValue("id", brokenId);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<WooCommerceReconcileOrdersJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        var taken = Assert.Single(await VerificationsAsync(admin, storeId))!;
        Assert.Equal(Id(missed), (string?)taken["orderId"]);
        Assert.Empty(await VerificationsAsync(admin, brokenId));
        Assert.Empty(broken.Requests("GET", "/orders"));
        Assert.Contains(app.Logs.Lines, l => l.Contains($"Reconciling WooCommerce orders failed for store {brokenId}", StringComparison.Ordinal));
        await admin.WaitForStatusAsync(taken["id"]!.GetValue<long>(), "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    private static string Id(WooCommerceShopOrder order) => order.Id.ToString(CultureInfo.InvariantCulture);

    private static (string Phone, string Typed) Answering(RoboCallStub roboCall)
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        return (phone, typed);
    }

    // One run, as the recurring job does it, on the store as stored now (its mark included).
    private static async Task<(int Seen, int Taken, string? Error)> ReconcileAsync(OrderConfirmApp app, long storeId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<WooCommerceReconcileOrdersJob>(scope.ServiceProvider);
        var store = (await scope.ServiceProvider.GetRequiredService<StoreRepository>().GetAsync(storeId, CancellationToken.None))!;
        return await job.ReconcileAsync(store, CancellationToken.None);
    }

    private static async Task<JsonArray> VerificationsAsync(HttpClient admin, long storeId)
        => (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeId}&limit=500"))!["items"]!.AsArray();

    // A store clock that does not move: every change lands in the same second.
    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
