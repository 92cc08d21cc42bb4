using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Sms;

/// End to end on PostgreSQL through the real gateway clients and their stubs: a call that ends without an answer
/// gets the received SMS and the fallback SMS, once each; a gateway that is out of balance fails over to the store's
/// second gateway.
[Collection(SharedInfrastructure.Name)]
public sealed class SmsGatewayFlowTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task No_input_gets_the_received_and_the_fallback_sms_through_robo_sms_pk()
    {
        using var sms = new RoboSmsPkStub();
        var key = RoboSmsPkStub.NewKey();
        sms.AnswerSend(key, 200, """{"status":"success","message_id":"rsp-1","segments":"1","cost":"1.50"}""");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Sms:RoboSmsPk:BaseUrl"] = sms.BaseUrl });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, new { provider = "robosms-pk", apiKey = key, from = "LAHORELAWN" });
        var (phone, id) = await OrderAsync(admin, storeId, dtmf: null, "no-input");

        await WaitAsync(() => sms.Requests(key).Count >= 2);
        await Task.Delay(500);

        var sent = sms.Requests(key);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal((phone, "0", "LAHORELAWN", "transactional"), (r.Query["to"], r.Query["unicode"], r.Query["from"], r.Query["type"])));
        Assert.StartsWith("Lahore Lawn: we received your order #", sent[0].Query["message"], StringComparison.Ordinal);
        Assert.StartsWith("Lahore Lawn: we could not reach you to confirm your order #", sent[1].Query["message"], StringComparison.Ordinal);
        var timeline = await TimelineAsync(admin, id);
        Assert.Contains(timeline, t => t.StartsWith("SMS fallback via robosms-pk, 2 segment(s) GSM7: sent, gateway counted 1, cost 1.50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_input_gets_the_received_and_the_fallback_sms_through_robase_in_urdu()
    {
        using var sms = new RobaseStub();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Sms:Robase:BaseUrl"] = sms.BaseUrl });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, new { provider = "robase", apiKey = RobaseStub.LiveKey, from = "LAHORELAWN" }, new { smsLanguage = "ur" });
        var (phone, _) = await OrderAsync(admin, storeId, dtmf: null, "no-input");

        await WaitAsync(() => sms.Texts("+" + phone).Count >= 2);
        await Task.Delay(500);

        var sends = sms.Texts("+" + phone);
        Assert.Equal(2, sends.Count);
        Assert.Equal(2, sms.Created("+" + phone));
        Assert.All(sends, s => Assert.Equal("Bearer " + RobaseStub.LiveKey, s.Authorization));
        Assert.Equal(2, sends.Select(s => s.IdempotencyKey).Distinct().Count());
        Assert.All(sends, s => Assert.Contains("آرڈر", s.Body!["body"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_input_gets_the_received_and_the_fallback_sms_through_robo_sms_com()
    {
        using var sms = new RoboSmsComStub();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Sms:RoboSmsCom:BaseUrl"] = sms.BaseUrl });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, new { provider = "robo-sms", apiKey = RoboSmsComStub.Token });
        var (phone, id) = await OrderAsync(admin, storeId, dtmf: null, "no-input");

        await WaitAsync(() => sms.Sends(phone).Count >= 2);

        await Task.Delay(500);

        var sends = sms.Sends(phone);
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.Equal("Basic " + RoboSmsComStub.Token, RoboSmsComStub.Header(s, "Authorization")));
        Assert.Contains("we received your order", sends[0].RequestMessage!.Body, StringComparison.Ordinal);
        Assert.Contains("we could not reach you", sends[1].RequestMessage!.Body, StringComparison.Ordinal);
        Assert.Contains(await TimelineAsync(admin, id), t => t.StartsWith("SMS fallback via robo-sms", StringComparison.Ordinal) && t.Contains(": sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_out_of_balance_fails_over_to_the_second_one_for_every_event()
    {
        using var primary = new RoboSmsPkStub();
        using var fallback = new RobaseStub();
        var key = RoboSmsPkStub.NewKey();
        primary.AnswerSend(key, 402, """{"status":402,"message":"Insufficient balance"}""");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Sms:RoboSmsPk:BaseUrl"] = primary.BaseUrl,
            ["Sms:Robase:BaseUrl"] = fallback.BaseUrl,
        });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, new { provider = "robosms-pk", apiKey = key, from = "LAHORELAWN", fallbackProvider = "robase", fallbackApiKey = RobaseStub.LiveKey });
        var (phone, id) = await OrderAsync(admin, storeId, dtmf: 1, "confirmed");

        await WaitAsync(() => fallback.Sends("+" + phone).Count >= 2);
        await Task.Delay(500);

        // The first SMS met the 402 and paused the gateway for the store; the second went straight to the fallback.
        Assert.Single(primary.Requests(key), r => r.Path.EndsWith("/send", StringComparison.Ordinal));
        Assert.Equal(2, fallback.Created("+" + phone));
        var timeline = await TimelineAsync(admin, id);
        Assert.Contains(timeline, t => t.StartsWith("SMS received via robosms-pk", StringComparison.Ordinal) && t.Contains("not sent (OutOfBalance", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("SMS gateway robosms-pk paused for this store: out of balance", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("SMS received via robase", StringComparison.Ordinal) && t.Contains(": sent", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("SMS confirmed via robase", StringComparison.Ordinal) && t.Contains(": sent", StringComparison.Ordinal));
        var paused = Assert.Single((await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["sms"]!["paused"]!.AsArray());
        Assert.Equal("robosms-pk", (string)paused!["provider"]!);
    }

    // Robase stored the message and then answered 500 on every attempt: the customer may have it, so the second gateway
    // must not send it again.
    [Fact]
    public async Task A_robase_server_error_is_an_unknown_outcome_and_never_fails_over()
    {
        using var robase = new RobaseStub();
        using var second = new RoboSmsPkStub();
        var key = RoboSmsPkStub.NewKey();
        second.AnswerSend(key, 200, """{"status":"success","message_id":"rsp-1","segments":"1","cost":"1.50"}""");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Sms:Robase:BaseUrl"] = robase.BaseUrl,
            ["Sms:Robase:RetryDelay"] = "00:00:00.050",
            ["Sms:Robase:MaxRetries"] = "1",
            ["Sms:RoboSmsPk:BaseUrl"] = second.BaseUrl,
        });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, new { provider = "robase", apiKey = RobaseStub.LiveKey, from = "LAHORELAWN", fallbackProvider = "robosms-pk", fallbackApiKey = key }, new { callDelay = "23:00:00" });
        var (phone, typed) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 500, times: 10, afterStoring: true);

        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await WaitForAsync(async () => (await TimelineAsync(admin, id)).Any(t => t.StartsWith("SMS received via robase", StringComparison.Ordinal)));
        await Task.Delay(1000);

        Assert.Equal(1, robase.Created("+" + phone));
        Assert.Equal(0, Sends(second, key));
        var timeline = await TimelineAsync(admin, id);
        Assert.Single(timeline, t => t.StartsWith("SMS received via robase", StringComparison.Ordinal) && t.Contains(": outcome unknown (HTTP 500", StringComparison.Ordinal));
        Assert.DoesNotContain(timeline, t => t.StartsWith("SMS received via robosms-pk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paused_gateway_sends_the_waiting_sms_once_a_balance_check_shows_credit()
    {
        using var sms = new RoboSmsPkStub();
        var key = RoboSmsPkStub.NewKey();
        sms.AnswerSend(key, 402, """{"status":402,"message":"Insufficient balance"}""");
        sms.AnswerBalance(key, (200, """{"status":"success","data":{"balance":"0","currency":"PKR"}}"""), (200, """{"status":"success","data":{"balance":"500","currency":"PKR"}}"""));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Sms:RoboSmsPk:BaseUrl"] = sms.BaseUrl,
            ["Sms:BalanceRecheck"] = "00:00:02",
        });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, new { provider = "robosms-pk", apiKey = key, from = "LAHORELAWN" }, new { callDelay = "23:00:00" });
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);

        await WaitAsync(() => Sends(sms, key) == 1);
        await WaitForAsync(async () => (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["sms"]!["paused"]!.AsArray().Count == 1);
        sms.AnswerSend(key, 200, """{"status":"success","message_id":"rsp-9","segments":"1","cost":"1.50"}""");

        // The first check (after 2 s) still shows 0; the second shows credit, lifts the pause and sends.
        await WaitAsync(() => Sends(sms, key) == 2);
        await Task.Delay(3000);

        Assert.Equal(2, Sends(sms, key));
        Assert.Equal(2, sms.Requests(key).Count(r => r.Path.EndsWith("/balance", StringComparison.Ordinal)));
        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["sms"]!["paused"]!.AsArray());
        var timeline = await TimelineAsync(admin, id);
        Assert.Single(timeline, t => t.StartsWith("SMS received waits for credit", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("SMS gateway robosms-pk resumed for this store: its balance shows credit (500 PKR)", StringComparison.Ordinal));
        Assert.Contains(": sent, gateway counted 1, cost 1.50", timeline.Last(t => t.StartsWith("SMS received via robosms-pk", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private async Task<(string Phone, long Id)> OrderAsync(HttpClient admin, long storeId, int? dtmf, string outcome)
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, dtmf, 0));
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await admin.WaitForStatusAsync(id, outcome);
        Assert.Equal(1, roboCall.DialCount(phone));
        return (phone, id);
    }

    private static async Task<long> StoreAsync(HttpClient admin, object sms, object? settings = null)
    {
        var response = await admin.PostAsJsonAsync("/api/stores", new { name = "Lahore Lawn", platform = "custom", sms, settings });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private static async Task<List<string>> TimelineAsync(HttpClient admin, long id)
        => (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!["timeline"]!.AsArray().Select(e => (string)e!["message"]!).ToList();

    private static int Sends(RoboSmsPkStub sms, string key) => sms.Requests(key).Count(r => r.Path.EndsWith("/send", StringComparison.Ordinal));
}
