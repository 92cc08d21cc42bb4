using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Sms;

/// Hangfire only executes: an SMS recorded as due whose signal was lost (an in-memory queue restarted, a job deleted in
/// the dashboard) is found by the recurring batch run (or, should that run keep failing, the SMS sweep) and sent once;
/// one that was sent leaves nothing behind to re-drive.
[Collection(SharedInfrastructure.Name)]
public sealed class SmsSweepTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string Key = "rsp_sweep_key_0123456789";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_sms_whose_signal_was_lost_is_found_again_and_sent_once(bool onPostgres)
    {
        LeakScan.Secret(Key);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(onPostgres ? await postgres.CreateDatabaseAsync() : null, roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robosms-pk", apiKey = Key, from = "LAHORELAWN" },
            settings = new { callDelay = "23:00:00" },
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await WaitAsync(() => gateway.Sent.Count == 1);
        var due = app.Services.GetRequiredService<SmsDue>();
        await WaitForAsync(async () => (await due.OverdueAsync(DateTimeOffset.UtcNow.AddDays(1), 10, CancellationToken.None)).Count == 0);

        // Recorded as due, but no job was signalled: only the recurring runs (every second here) can send it. (A
        // fallback: the order is still pending, which that text may describe; a confirmed one would be dropped.)
        await due.AddAsync(id, SmsEvents.Fallback, CancellationToken.None);
        await WaitAsync(() => gateway.Sent.Count == 2);
        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Equal(["received", "fallback"], gateway.Sent.Select(s => s.Message.IdempotencyKey.Split('-')[2]));
        Assert.Empty(await due.OverdueAsync(DateTimeOffset.UtcNow.AddDays(1), 10, CancellationToken.None));
    }
}
