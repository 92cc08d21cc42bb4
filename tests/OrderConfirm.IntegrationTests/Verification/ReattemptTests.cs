using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.Security;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Verification;

/// Nobody answered: the customer is called again later, inside the calling hours, once per attempt, and never after
/// the order was closed.
[Collection(SharedInfrastructure.Name)]
public sealed class ReattemptTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private static long _orders = 7_770_000_000;
    private readonly ShopifyAdminStub _shop = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unanswered_call_is_attempted_again_after_the_delay_and_the_answer_counts(bool onPostgres)
    {
        await using var app = OrderConfirmApp.Start(onPostgres ? await postgres.CreateDatabaseAsync() : null, roboCall);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync(settings: new { reattempts = 2, reattemptAfter = "00:00:02" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);

        var id = await admin.SubmitOrderAsync(storeId, $"again-{Guid.NewGuid():N}", typed);
        var waiting = await admin.WaitForAttemptAsync(id, 2);
        var second = roboCall.SecondCallAnswered(phone, dtmf: 1);
        var done = await admin.WaitForStatusAsync(id, "confirmed");

        Assert.Equal("pending", waiting["status"]!.GetValue<string>());
        Assert.Null(waiting["callId"]);
        Assert.Equal(2, roboCall.DialCount(phone));
        Assert.Equal(2, done["attempt"]!.GetValue<int>());
        Assert.Equal("call", done["decidedBy"]!.GetValue<string>());
        Assert.Equal(second, done["callId"]!.GetValue<string>());
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.True(done.TimelineSays("Attempt 1 of 3 unanswered (unreachable); attempt 2 at "));
        Assert.True(done.TimelineSays($"call id {RoboCallStub.CallId(phone)}")); // the first attempt's facts stay
        Assert.True(done.TimelineSays("Dialing the customer through Robo Call (attempt 2)"));
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "dialing"));

        // The wait was the store's reattemptAfter, measured from the unanswered outcome; a job may start up to a second
        // before its time (PlaceCall's own tolerance).
        var timeline = done["timeline"]!.AsArray();
        var scheduled = timeline.First(e => e!["kind"]!.GetValue<string>() == "reattempt")!["at"]!.GetValue<DateTimeOffset>();
        var redial = timeline.Last(e => e!["kind"]!.GetValue<string>() == "dialing")!["at"]!.GetValue<DateTimeOffset>();
        var due = waiting["nextStepAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(due - scheduled, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2.1));
        Assert.True(redial >= due.AddSeconds(-1), $"re-dialled at {redial:O}, due {due:O}");
    }

    [Fact]
    public async Task Fallback_sms_goes_out_when_the_first_attempt_is_unanswered_and_only_once()
    {
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robosms-pk", apiKey = "rsp_reattempt_key_0123456789" },
            settings = new { reattempts = 1, reattemptAfter = "00:00:05" },
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);

        var id = await admin.SubmitOrderAsync(storeId, $"sms-{Guid.NewGuid():N}", typed);
        await admin.WaitForAttemptAsync(id, 2);
        // While the second attempt waits, the customer already has the fallback text.
        await EngineDriver.UntilAsync(() => Task.FromResult(gateway.Sent.Any(m => m.Message.IdempotencyKey.Split('-')[2] == SmsEvents.Fallback)));
        Assert.Equal("pending", (await admin.GetVerificationAsync(id))["status"]!.GetValue<string>());

        // The last attempt goes unanswered too: the fallback is queued again and not sent a second time.
        await admin.WaitForStatusAsync(id, "unreachable");
        await Task.Delay(1000);
        Assert.Equal(2, roboCall.DialCount(phone));
        Assert.Single(gateway.Sent, m => m.Message.IdempotencyKey.Split('-')[2] == SmsEvents.Fallback);
    }

    [Fact]
    public async Task Order_cancelled_in_the_shop_between_attempts_is_not_called_again()
    {
        _shop.MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl, settings: new { reattempts = 2, reattemptAfter = "00:00:04" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);
        var orderId = Interlocked.Increment(ref _orders);
        _shop.Order(orderId);
        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(orderId, typed));
        var id = (await admin.WaitForOrderAsync(store.StoreId, orderId))["id"]!.GetValue<long>();
        await admin.WaitForAttemptAsync(id, 2);
        roboCall.SecondCallAnswered(phone, dtmf: 1);

        // The shop still shows the order open to the guard: only the webhook tells us it was cancelled.
        await app.WaitForDeliveryAsync(await SendAsync(shopify, store, "orders/cancelled", ShopifyWebhooks.Order(orderId, typed, cancelledAt: "2026-11-22T10:05:00+05:00")));
        await Task.Delay(TimeSpan.FromSeconds(7));

        var stopped = await admin.GetVerificationAsync(id);
        Assert.Equal("skipped", stopped["status"]!.GetValue<string>());
        Assert.Contains("cancelled", stopped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Re_attempt_due_after_the_calling_hours_waits_for_the_next_opening()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var start = Minute(local.AddHours(-1));
        var end = Minute(local.AddMinutes(3));
        var hours = $"{start:HH\\:mm}-{end:HH\\:mm}";
        var storeId = await admin.CreateCustomStoreAsync(settings: new { reattempts = 1, reattemptAfter = "00:10:00", callingHours = hours, timeZone = "Asia/Karachi" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);

        var id = await admin.SubmitOrderAsync(storeId, $"hours-{Guid.NewGuid():N}", typed);
        var waiting = await admin.WaitForAttemptAsync(id, 2);

        // Ten minutes on is after the window closed: the next attempt is at tomorrow's opening, not in the night.
        var expected = start.AddDays(1);
        var due = waiting["nextStepAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(expected.ToUniversalTime(), due.ToUniversalTime());
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task A_waiting_re_attempt_is_told_on_the_timeline_and_no_dashboard_job_shows_the_phone()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync("Lahore Lawn", settings: new { reattempts = 2, reattemptAfter = "01:00:00" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);
        var orderId = Interlocked.Increment(ref _orders).ToString(CultureInfo.InvariantCulture);
        var id = await admin.SubmitOrderAsync(storeId, orderId, typed);
        var waiting = await admin.WaitForAttemptAsync(id, 2);

        // The re-attempt an hour ahead is a due row, not a scheduled job: the verification says when it comes.
        Assert.Contains(waiting["timeline"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("attempt 2 at", StringComparison.Ordinal));
        using var dashboard = app.CreateClient();
        dashboard.DefaultRequestHeaders.Authorization = AccessTests.Basic(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword);
        var page = WebUtility.HtmlDecode(await dashboard.GetStringAsync("/hangfire/jobs/scheduled?count=500"));

        Assert.DoesNotContain(phone[2..], page, StringComparison.Ordinal);
        Assert.DoesNotContain("Call customer for", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_shows_the_effective_settings_and_refuses_bad_ones_by_field()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:Reattempts"] = "2",
        });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync(settings: new { noAnswerPolicy = "cancel" });

        var store = await admin.StoreAsync(storeId);
        var effective = store["noAnswer"]!;
        Assert.Equal(2, effective["reattempts"]!.GetValue<int>());
        Assert.Equal("03:00:00", effective["reattemptAfter"]!.GetValue<string>());
        Assert.Equal(["unreachable", "no-input"], effective["reattemptOn"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("cancel", effective["noAnswerPolicy"]!.GetValue<string>());
        Assert.Equal("cancel", store["settings"]!["noAnswerPolicy"]!.GetValue<string>());

        foreach (var (settings, field) in new (object Settings, string Field)[]
        {
            (new { reattempts = -1 }, "settings.reattempts"),
            (new { reattempts = 6 }, "settings.reattempts"),
            (new { reattemptAfter = "00:00:00" }, "settings.reattemptAfter"),
            (new { reattemptOn = new[] { "unreachable", "callback" } }, "settings.reattemptOn"),
            (new { noAnswerPolicy = "refund" }, "settings.noAnswerPolicy"),
        })
        {
            var response = await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { settings });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.NotNull(problem!["errors"]![field]);
        }
    }

    public void Dispose() => _shop.Dispose();

    private static DateTimeOffset Minute(DateTimeOffset value) => new(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0, value.Offset);

    private static async Task<string> SendAsync(HttpClient client, (long StoreId, string Domain, string Secret) store, string topic, string body)
    {
        var webhookId = Guid.NewGuid().ToString();
        using var request = ShopifyWebhooks.Delivery(store.Domain, topic, body, store.Secret, webhookId);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return webhookId;
    }
}
