using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.ConfirmLinks;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Sms;

/// An SMS goes out only while its event still describes the verification and the order: one that waited (for calling
/// hours, for credit) while the customer answered or the merchant closed the order, or that waited longer than
/// Sms:MaxAge, is dropped with a timeline line instead of being sent.
[Collection(SharedInfrastructure.Name)]
public sealed class SmsStaleEventTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string Key = "rsp_stale_key_0123456789";
    private readonly ScriptedSmsGateway _gateway = new("robosms-pk");
    private readonly WooCommerceStoreStub _woo = new();

    static SmsStaleEventTests() => LeakScan.Secret(Key);

    // The fallback waits overnight for calling hours; the customer confirms on the link before the morning.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_fallback_waiting_for_calling_hours_is_dropped_once_the_customer_answered_by_link(bool onPostgres)
    {
        await using var app = Start(onPostgres ? await postgres.CreateDatabaseAsync() : null);
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
        var opens = (TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, karachi).Hour + 3) % 24;
        var (storeId, id) = await CustomOrderAsync(admin, new { callingHours = $"{opens:00}:00-{(opens + 1) % 24:00}:00", timeZone = "Asia/Karachi" });
        await RunJobAsync(app, id, SmsEvents.Fallback);
        Assert.Contains(await TimelineAsync(admin, id), t => t.StartsWith("SMS fallback waits for the store's calling hours", StringComparison.Ordinal));

        var (status, _) = await browser.AnswerAsync(await admin.CreateLinkAsync(id), "confirm");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        await admin.WaitForStatusAsync(id, "confirmed");
        // The morning: the store's hours are open and the waiting job runs.
        (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { settings = new { callingHours = "00:00-24:00" } })).EnsureSuccessStatusCode();
        await RunJobAsync(app, id, SmsEvents.Fallback);
        await RunJobAsync(app, id, SmsEvents.Fallback);

        Assert.DoesNotContain(_gateway.Sent, s => s.Message.IdempotencyKey.Contains("-fallback-", StringComparison.Ordinal));
        Assert.Single(await TimelineAsync(admin, id), t => t == "SMS fallback dropped: the verification is now confirmed (answered on the confirm link)");
        Assert.DoesNotContain(await DueAsync(app), r => r.VerificationId == id && r.Event == SmsEvents.Fallback);
    }

    // The fallback waits for credit; the merchant cancels the order in wp-admin meanwhile.
    [Fact]
    public async Task A_fallback_waiting_for_credit_is_dropped_once_the_merchant_cancelled_the_order()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync());
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { smsEvents = new { received = false } });
        (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { sms = new { provider = "robosms-pk", apiKey = Key } })).EnsureSuccessStatusCode();
        var updated = _woo.AddWebhook("order.updated", $"https://orderconfirm.example/webhooks/woocommerce/{storeId}", secret);
        var pauses = app.Services.GetRequiredService<SmsPauses>();
        await pauses.PauseAsync(storeId, "robosms-pk", "OutOfBalance: 402", CancellationToken.None);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: null, call: [(5, null, 3)]);
        await admin.WaitForStatusAsync(order.Id, "unreachable");
        await WaitForAsync(async () => (await TimelineAsync(admin, order.Id)).Any(t => t.StartsWith("SMS fallback waits for credit", StringComparison.Ordinal)));

        _woo.SetStatus(order.OrderId, "cancelled");
        using var cancel = _woo.Delivery(updated.Id, order.OrderId);
        using var receiver = app.CreateClient();
        (await receiver.SendAsync(cancel)).EnsureSuccessStatusCode();
        await app.WaitForDeliveryAsync("woocommerce", cancel.Headers.GetValues("X-WC-Webhook-Delivery-ID").Single());
        // Credit is back and the waiting job comes round.
        await pauses.ResumeAsync(storeId, "robosms-pk", CancellationToken.None);
        await RunJobAsync(app, order.Id, SmsEvents.Fallback);

        Assert.Empty(_gateway.Sent);
        Assert.Single(await TimelineAsync(admin, order.Id), t => t == "SMS fallback dropped: the order was cancelled in the shop");
        Assert.DoesNotContain(await DueAsync(app), r => r.VerificationId == order.Id);
    }

    // The answer lands after the run's first look but before its claim (here: while it asks the paused gateway's
    // balance): the claim itself must see it.
    [Fact]
    public async Task An_answer_that_lands_while_the_send_is_being_decided_drops_it_at_the_claim()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync(), new() { ["Sms:BalanceRecheck"] = "00:00:01" });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var (storeId, id) = await CustomOrderAsync(admin, new { callDelay = "23:00:00" });
        await app.Services.GetRequiredService<SmsPauses>().PauseAsync(storeId, "robosms-pk", "OutOfBalance: 402", CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(1100)); // the pause's balance check is due
        using var asked = new ManualResetEventSlim();
        using var answered = new ManualResetEventSlim();
        // Only the send this test runs is held at its balance check. The app's own SMS runner checks the paused
        // gateway too (every second here); had it taken the hold, this send would have gone on unheld, been sent
        // before the answer, and the test would have failed on a race of its own making.
        var mine = new AsyncLocal<bool>();
        _gateway.Balance = () =>
        {
            if (!mine.Value)
            {
                return new SmsBalanceResult(false, null, null, "not this test's send");
            }

            asked.Set();
            answered.Wait(TimeSpan.FromSeconds(30));
            return new SmsBalanceResult(true, 40, "PKR", "ok");
        };

        var run = Task.Run(() =>
        {
            mine.Value = true;
            return SendAsync(app, id, SmsEvents.Fallback);
        });
        Assert.True(asked.Wait(TimeSpan.FromSeconds(20)));
        var (status, _) = await browser.AnswerAsync(await admin.CreateLinkAsync(id), "cancel");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        answered.Set();
        var outcome = await run;

        Assert.Equal("dropped: the verification is now cancelled (answered on the confirm link)", outcome.Summary);
        Assert.DoesNotContain(_gateway.Sent, s => s.Message.IdempotencyKey.Contains("-fallback-", StringComparison.Ordinal));
        Assert.DoesNotContain(await MessagesAsync(app, id), m => m.Event == SmsEvents.Fallback);
    }

    // Its gateway is paused, but the SMS no longer says anything true: it is dropped now rather than kept waiting for
    // credit (and announced as waiting) until the claim would drop it.
    [Fact]
    public async Task A_stale_sms_is_dropped_without_waiting_for_credit()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync());
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var (storeId, id) = await CustomOrderAsync(admin, new { callDelay = "23:00:00" });
        await app.Services.GetRequiredService<SmsPauses>().PauseAsync(storeId, "robosms-pk", "OutOfBalance: 402", CancellationToken.None);
        await browser.AnswerAsync(await admin.CreateLinkAsync(id), "confirm");
        await admin.WaitForStatusAsync(id, "confirmed");

        var outcome = await SendAsync(app, id, SmsEvents.Fallback);

        Assert.Equal(("dropped: the verification is now confirmed (answered on the confirm link)", null), (outcome.Summary, outcome.WaitUntil));
        Assert.DoesNotContain(await TimelineAsync(admin, id), t => t.StartsWith("SMS fallback waits", StringComparison.Ordinal));
        Assert.Equal(0, _gateway.BalanceChecks);
    }

    // robo-sms.com and Robase without a balance endpoint: every UnreadableBalanceRetry the send is tried for real. Not
    // past Sms:MaxAge: the SMS is given up on with a timeline line instead of arriving days late.
    [Fact]
    public async Task An_sms_older_than_its_max_age_is_dropped_instead_of_being_tried_again()
    {
        await using var app = Start(await postgres.CreateDatabaseAsync(), new()
        {
            ["Sms:BalanceRecheck"] = "00:00:01",
            ["Sms:UnreadableBalanceRetry"] = "00:00:01",
            ["Sms:MaxAge"] = "00:00:05",
        });
        using var admin = app.AdminClient();
        var (_, id) = await CustomOrderAsync(admin, new { callDelay = "23:00:00" });
        _gateway.Behaviour = _ => Task.FromResult<SmsSendResult>(new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "not enough credits"));
        _gateway.Balance = () => new SmsBalanceResult(false, null, null, "no documented balance endpoint", Unreadable: true);

        Assert.NotNull((await SendAsync(app, id, SmsEvents.Fallback)).WaitUntil);
        await Task.Delay(TimeSpan.FromMilliseconds(2100));
        Assert.NotNull((await SendAsync(app, id, SmsEvents.Fallback)).WaitUntil); // tried again: still young
        Assert.Equal(2, _gateway.Sent.Count);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var old = await SendAsync(app, id, SmsEvents.Fallback);

        Assert.Null(old.WaitUntil);
        Assert.StartsWith("dropped: it has waited since ", old.Summary, StringComparison.Ordinal);
        Assert.Equal(2, _gateway.Sent.Count);
        Assert.Single(await TimelineAsync(admin, id), t => t.StartsWith("SMS fallback dropped: it has waited since ", StringComparison.Ordinal) && t.EndsWith(", longer than Sms:MaxAge (00:00:05)", StringComparison.Ordinal));
    }

    public void Dispose() => _woo.Dispose();

    private OrderConfirmApp Start(string? postgresDatabase, Dictionary<string, string?>? overrides = null) => OrderConfirmApp.Start(
        postgresDatabase,
        roboCall,
        overrides,
        services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(_gateway.Provider, _gateway);
        });

    // A custom store texting through the scripted gateway, without the received SMS; its order is pending.
    private static async Task<(long StoreId, long Id)> CustomOrderAsync(HttpClient admin, object settings)
    {
        var merged = System.Text.Json.JsonSerializer.SerializeToNode(settings)!.AsObject();
        merged["smsEvents"] = new JsonObject { ["received"] = false };
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robosms-pk", apiKey = Key, from = "LAHORELAWN" },
            settings = merged,
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (_, typed) = RoboCallStub.NewPhone();
        return (storeId, await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed));
    }

    private static async Task RunJobAsync(OrderConfirmApp app, long id, string smsEvent)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SendSmsJob>(scope.ServiceProvider).RunAsync(id, smsEvent, CancellationToken.None);
    }

    private static async Task<SmsSendOutcome> SendAsync(OrderConfirmApp app, long id, string smsEvent)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SmsSender>().SendAsync(id, smsEvent, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<SmsDueRow>> DueAsync(OrderConfirmApp app)
        => await app.Services.GetRequiredService<SmsDue>().OverdueAsync(DateTimeOffset.UtcNow.AddDays(2), 100, CancellationToken.None);

    private static async Task<IReadOnlyList<SmsMessageRecord>> MessagesAsync(OrderConfirmApp app, long id)
        => await app.Services.GetRequiredService<SmsMessageRepository>().ListAsync(id, CancellationToken.None);

    private static async Task<List<string>> TimelineAsync(HttpClient admin, long id)
        => (await admin.GetVerificationAsync(id))["timeline"]!.AsArray().Select(e => (string)e!["message"]!).ToList();
}
