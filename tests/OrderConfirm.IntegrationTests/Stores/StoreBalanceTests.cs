using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Balances;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Stores;

/// GET /api/stores/{id}/balance and the recurring balance job, against the Robo Call and Robo SMS stubs: both
/// balances with the store's warning levels, a warning in the log below them, and a paused SMS gateway lifted once its
/// balance shows credit.
[Collection(SharedInfrastructure.Name)]
public sealed class StoreBalanceTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private readonly RoboSmsPkStub _sms = new();
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Sms:RoboSmsPk:BaseUrl"] = _sms.BaseUrl,
            ["Balances:ReadTimeout"] = "00:00:02",
        });
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
        _sms.Dispose();
    }

    [Fact]
    public async Task The_balance_shows_robo_call_and_each_sms_gateway_against_the_store_warning_levels()
    {
        var key = RoboSmsPkStub.NewKey();
        const string comToken = "robo-sms-com-token-balance-0123456789";
        LeakScan.Secret(comToken);
        _sms.AnswerBalance(key, (200, """{"status":"success","data":{"balance":"50","currency":"PKR"}}"""));
        var storeId = await StoreAsync(
            new { provider = "robosms-pk", apiKey = key, from = "LAHORELAWN", fallbackProvider = "robo-sms", fallbackApiKey = comToken },
            new { roboCallWarnBelow = 3000 });

        var response = await _admin.GetAsync($"/api/stores/{storeId}/balance");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        Assert.DoesNotContain(RoboCallStub.ApiKey, body, StringComparison.Ordinal);
        var balance = JsonNode.Parse(body)!;
        Assert.Equal(
            """{"keySource":"default","read":true,"balance":2682.00,"callRate":5.50,"callsLeft":487,"warnBelow":3000,"low":true,"detail":"ok"}""",
            balance["roboCall"]!.ToJsonString());
        var sms = balance["sms"]!.AsArray();
        Assert.Equal(2, sms.Count);
        Assert.Equal(
            ("primary", "robosms-pk", true, 50m, "PKR", 100m, true, false),
            ((string)sms[0]!["slot"]!, (string)sms[0]!["provider"]!, (bool)sms[0]!["read"]!, (decimal)sms[0]!["balance"]!, (string)sms[0]!["unit"]!,
             (decimal)sms[0]!["warnBelow"]!, (bool)sms[0]!["low"]!, (bool)sms[0]!["paused"]!));
        Assert.Equal(
            ("fallback", "robo-sms", false, true, false),
            ((string)sms[1]!["slot"]!, (string)sms[1]!["provider"]!, (bool)sms[1]!["read"]!, (bool)sms[1]!["unreadable"]!, (bool)sms[1]!["low"]!));
    }

    [Fact]
    public async Task An_unknown_store_is_404_and_a_negative_warning_level_is_a_400_naming_the_field()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/stores/987654/balance")).StatusCode);

        var response = await _admin.PostAsJsonAsync("/api/stores", new { name = "Lahore Lawn", platform = "custom", settings = new { smsWarnBelow = -1 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["settings.smsWarnBelow"]);
    }

    [Fact]
    public async Task The_balance_job_warns_below_the_levels_and_lifts_a_pause_once_the_gateway_has_credit()
    {
        var key = RoboSmsPkStub.NewKey();
        _sms.AnswerBalance(key, (200, """{"status":"success","data":{"balance":"60","currency":"PKR"}}"""));
        var storeId = await StoreAsync(new { provider = "robosms-pk", apiKey = key, from = "LAHORELAWN" }, new { roboCallWarnBelow = 3000, smsWarnBelow = 80 });
        await _app.Services.GetRequiredService<SmsPauses>().PauseAsync(storeId, "robosms-pk", "OutOfBalance: 402", CancellationToken.None);
        Assert.Single((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["sms"]!["paused"]!.AsArray());

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<CheckBalancesJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        Assert.Empty((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["sms"]!["paused"]!.AsArray());
        var lines = _app.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"Store {storeId}: the Robo Call balance is 2682 PKR, below its warning level 3000 (about 487 calls left)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"Store {storeId}: the robosms-pk SMS balance is 60 PKR, below its warning level 80", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"SMS gateway robosms-pk resumed for store {storeId}: its balance shows 60 PKR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_sms_gateway_is_shown_as_not_read_within_the_time_limit_and_the_other_balances_still_count()
    {
        var key = RoboSmsPkStub.NewKey();
        _sms.AnswerBalanceAfter(key, TimeSpan.FromSeconds(20), 200, """{"status":"success","data":{"balance":"50","currency":"PKR"}}""");
        var storeId = await StoreAsync(new { provider = "robosms-pk", apiKey = key, from = "LAHORELAWN" }, new { roboCallWarnBelow = 3000 });
        var started = DateTime.UtcNow;

        var balance = (await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}/balance"))!;

        // The request ends at the 2-s limit, long before the gateway's 20-s answer (a margin for a busy machine).
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal((true, true), ((bool)balance["roboCall"]!["read"]!, (bool)balance["roboCall"]!["low"]!));
        var sms = Assert.Single(balance["sms"]!.AsArray())!;
        Assert.Equal(("robosms-pk", false, false, "no answer within 2 s"), ((string)sms["provider"]!, (bool)sms["read"]!, (bool)sms["low"]!, (string)sms["detail"]!));
    }

    private async Task<long> StoreAsync(object sms, object settings)
    {
        var response = await _admin.PostAsJsonAsync("/api/stores", new { name = "Lahore Lawn", platform = "custom", sms, settings });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
