using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Verification;

[Collection(SharedInfrastructure.Name)]
public sealed class EngineRecoveryTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Call_with_no_final_status_by_the_give_up_time_is_unreachable()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:GiveUpAfter"] = "00:00:03",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (8, null, 0), (1, null, 1));

        var id = await client.SubmitOrderAsync(storeId, $"giveup-{Guid.NewGuid():N}", typed);
        var done = await client.WaitForStatusAsync(id, "unreachable");

        var outcome = done["timeline"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "outcome");
        Assert.Contains("give-up", outcome!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Embedded_sqlite_mode_runs_a_verification_end_to_end()
    {
        await using var app = OrderConfirmApp.Start(postgres: null, roboCall);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (1, null, 0), (2, 2, 0));

        var id = await client.SubmitOrderAsync(storeId, $"sqlite-{Guid.NewGuid():N}", typed);
        var done = await client.WaitForStatusAsync(id, "cancelled");

        Assert.Equal(1499.50m, done["amount"]!.GetValue<decimal>());
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.True(File.Exists(app.SqlitePath));
    }

    [Fact]
    public async Task Restart_of_the_in_memory_queue_loses_nothing()
    {
        var overrides = new Dictionary<string, string?> { ["Verification:CallDelay"] = "00:00:02" };
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        string sqlitePath;
        long id;

        await using (var before = OrderConfirmApp.Start(postgres: null, roboCall, overrides))
        {
            using var client = before.AdminClient();
            var storeId = await client.CreateCustomStoreAsync();
            id = await client.SubmitOrderAsync(storeId, $"restart-{Guid.NewGuid():N}", typed);
            sqlitePath = before.SqlitePath!;
            Assert.Equal("pending", (await client.GetVerificationAsync(id))["status"]!.GetValue<string>());
        }

        // The scheduled PlaceCall job died with the in-memory queue; the row in SQLite did not.
        overrides["Storage:SqlitePath"] = sqlitePath;
        await using var after = OrderConfirmApp.Start(postgres: null, roboCall, overrides);
        using var afterClient = after.AdminClient();
        await afterClient.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Out_of_balance_puts_the_call_back_and_pauses_the_key()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var key = $"broke-{Guid.NewGuid():N}";
        roboCall.RegisterKey(key);
        var storeId = await client.CreateCustomStoreAsync(roboCall: new { apiKey = key, voiceId = "48" });
        var (phone, typed) = RoboCallStub.NewPhone();
        var (second, secondTyped) = RoboCallStub.NewPhone();
        roboCall.RejectCall(phone, 402, new { status = 402, message = "Insufficient balance" });
        roboCall.AcceptCall(second, RoboCallStub.CallId(second));

        var id = await client.SubmitOrderAsync(storeId, $"broke-{Guid.NewGuid():N}", typed);
        await WaitForAsync(async () => (await client.GetVerificationAsync(id)).TimelineKinds().Contains("postponed"));
        var secondId = await client.SubmitOrderAsync(storeId, $"broke-{Guid.NewGuid():N}", secondTyped);
        await WaitForAsync(async () => (await client.GetVerificationAsync(secondId)).TimelineKinds().Contains("postponed"));

        var first = await client.GetVerificationAsync(id);
        Assert.Equal("pending", first["status"]!.GetValue<string>());
        Assert.Contains("out of balance", first["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal(0, roboCall.DialCount(second)); // paused: the key is known to be out of balance
        var store = await client.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}");
        Assert.Equal("out-of-balance", store!["roboCall"]!["account"]!.GetValue<string>());
    }

    [Fact]
    public async Task Out_of_balance_key_waits_for_check_balance_to_show_credit_then_the_call_goes_through()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:OutOfBalancePause"] = "00:00:01",
            ["RoboCall:BalanceRecheck"] = "00:00:01",
        });
        using var client = app.AdminClient();
        var key = $"topup-{Guid.NewGuid():N}";
        roboCall.RegisterKey(key);
        roboCall.SetOutOfBalance(key, true);
        var storeId = await client.CreateCustomStoreAsync(roboCall: new { apiKey = key, voiceId = "48" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));

        var id = await client.SubmitOrderAsync(storeId, $"topup-{Guid.NewGuid():N}", typed);
        await WaitForAsync(async () => (await client.GetVerificationAsync(id)).TimelineKinds().Contains("postponed"));
        var paused = await client.GetVerificationAsync(id);
        Assert.Contains("out of balance", paused["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var store = await client.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}");
        Assert.Equal("out-of-balance", store!["roboCall"]!["account"]!.GetValue<string>());

        // While the account stays empty the call keeps waiting: check_balance is asked, the dial is not repeated.
        await WaitForAsync(() => Task.FromResult(roboCall.Requests("/api/check_balance", "api_key", key).Count >= 2));
        Assert.Equal("pending", (await client.GetVerificationAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(phone));

        roboCall.SetOutOfBalance(key, false);
        await client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(2, roboCall.DialCount(phone)); // the one answered 402, and the one that went through
        store = await client.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}");
        Assert.Equal("ok", store!["roboCall"]!["account"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rate_limited_dial_waits_for_retry_after_and_calls_nobody()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.RejectCall(phone, 429, new { status = 429, message = "Too Many Requests" }, retryAfter: "120");

        var id = await client.SubmitOrderAsync(storeId, $"busyapi-{Guid.NewGuid():N}", typed);
        await WaitForAsync(async () => (await client.GetVerificationAsync(id)).TimelineKinds().Contains("postponed"));

        var pending = await client.GetVerificationAsync(id);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        var next = pending["nextStepAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(next, DateTimeOffset.UtcNow.AddSeconds(100), DateTimeOffset.UtcNow.AddSeconds(125));
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Store_calling_hours_move_the_call_to_the_next_opening()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, karachi);
        var opens = (now.Hour + 3) % 24;
        var storeId = await client.CreateCustomStoreAsync(settings: new { callingHours = $"{opens:00}:00-{(opens + 1) % 24:00}:00", timeZone = "Asia/Karachi" });
        var (phone, typed) = RoboCallStub.NewPhone();

        var id = await client.SubmitOrderAsync(storeId, $"hours-{Guid.NewGuid():N}", typed);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var pending = await client.GetVerificationAsync(id);
        var day = now.Hour + 3 < 24 ? now.Date : now.Date.AddDays(1);
        var expected = new DateTimeOffset(day.AddHours(opens), TimeSpan.FromHours(5));
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(expected, pending["nextStepAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Rejected_key_needs_attention_and_an_operator_can_redial()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var key = $"wrong-{Guid.NewGuid():N}";
        roboCall.RegisterKey(key);
        var storeId = await client.CreateCustomStoreAsync(roboCall: new { apiKey = key });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.RejectCall(phone, 200, new { status = 401, response = "API Key not matched" }); // the error inside a 200

        var id = await client.SubmitOrderAsync(storeId, $"key-{Guid.NewGuid():N}", typed);
        var attention = await client.WaitForStatusAsync(id, "needs-attention");
        Assert.Contains("rejected the API key", attention["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var store = await client.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}");
        Assert.Equal("rejected", store!["roboCall"]!["account"]!.GetValue<string>());

        // The operator fixes the key and redials.
        roboCall.ForgetCalls(phone);
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var patch = await client.PatchAsJsonAsync($"/api/stores/{storeId}", new { roboCall = new { apiKey = RoboCallStub.ApiKey } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var redial = await client.PostAsync($"/api/verifications/{id}/redial", null);
        Assert.Equal(HttpStatusCode.OK, redial.StatusCode);

        await client.WaitForStatusAsync(id, "confirmed");
        Assert.Equal(2, roboCall.DialCount(phone));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time");
            await Task.Delay(100);
        }
    }
}
