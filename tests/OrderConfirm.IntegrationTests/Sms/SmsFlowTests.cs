using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Sms;

/// The SMS events in a real flow on PostgreSQL: received after intake, then confirmed / cancelled / fallback after the
/// call, each once, through the store's gateway (scripted here; each real gateway has its own stub tests).
[Collection(SharedInfrastructure.Name)]
public sealed class SmsFlowTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string Key = "rsp_flow_key_0123456789";

    [Theory]
    [InlineData(1, "confirmed", SmsEvents.Confirmed)]
    [InlineData(2, "cancelled", SmsEvents.Cancelled)]
    [InlineData(null, "no-input", SmsEvents.Fallback)]
    public async Task An_order_gets_the_received_sms_then_the_one_its_call_ended_with(int? dtmf, string outcome, string secondEvent)
    {
        LeakScan.Secret(Key);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, SmsProvider: "robosms-pk");
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, dtmf, 0));

        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await admin.WaitForStatusAsync(id, outcome);
        await WaitAsync(() => gateway.Sent.Count >= 2);
        await Task.Delay(500); // nothing more may follow

        Assert.Equal([SmsEvents.Received, secondEvent], gateway.Sent.Select(s => s.Message.IdempotencyKey.Split('-')[2]));
        Assert.All(gateway.Sent, s => Assert.Equal(phone, s.Message.To));
        Assert.Equal(1, roboCall.DialCount(phone));
        var timeline = (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!["timeline"]!.AsArray().Select(e => (string)e!["message"]!).ToList();
        Assert.Single(timeline, t => t.StartsWith($"SMS {SmsEvents.Received} via robosms-pk", StringComparison.Ordinal));
        Assert.Single(timeline, t => t.StartsWith($"SMS {secondEvent} via robosms-pk", StringComparison.Ordinal));

        // The SMS went out through the batch job ("Send due SMS in batches"), which takes no argument at all (it reads
        // sms_due), and not through a job of their own.
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var succeeded = monitor.SucceededJobs(0, 200).Select(j => j.Value.Job).ToList();
        Assert.Contains(succeeded, j => j?.Type == typeof(SendDueSmsJob));
        Assert.DoesNotContain(succeeded, j => j?.Type == typeof(SendSmsJob));
        Assert.All(succeeded.Where(j => j?.Type == typeof(SendDueSmsJob)), j => Assert.Equal(0, j!.Args.Count(a => a is not CancellationToken)));
    }

    [Fact]
    public async Task With_sms_off_nothing_is_sent()
    {
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, SmsProvider: "none");
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));

        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await admin.WaitForStatusAsync(id, "confirmed");
        await Task.Delay(1000);

        Assert.Empty(gateway.Sent);
    }

    private static async Task<long> StoreAsync(HttpClient admin, string SmsProvider)
    {
        var response = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = SmsProvider == "none" ? (object)new { provider = "none" } : new { provider = SmsProvider, apiKey = Key },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
