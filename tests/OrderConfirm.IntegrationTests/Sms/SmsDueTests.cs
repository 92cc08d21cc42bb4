using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Sms;

/// The sms_due row belongs to the run that owns the send: a duplicate job that finds the send still in flight must not
/// take away the row the owning run is about to move (on the embedded setup, with Hangfire in memory, that row is all
/// that brings the waiting SMS back after a restart).
[Collection(SharedInfrastructure.Name)]
public sealed class SmsDueTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string Key = "rsp_due_key_0123456789";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_duplicate_run_that_finds_the_send_in_flight_leaves_the_row_the_owning_run_moves(bool onPostgres)
    {
        LeakScan.Secret(Key);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(onPostgres ? await postgres.CreateDatabaseAsync() : null, roboCall, services: services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        var id = await VerificationAsync(app);
        var due = app.Services.GetRequiredService<SmsDue>();
        await due.AddAsync(id, SmsEvents.Fallback, CancellationToken.None);
        var answer = new TaskCompletionSource<SmsSendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Behaviour = _ => answer.Task;

        // The owning run claims the send and waits for the gateway's answer; a duplicate run finds the claim.
        var owner = RunJobAsync(app, id);
        await WaitAsync(() => gateway.Sent.Count == 1);
        await RunJobAsync(app, id);
        answer.SetResult(new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "402"));
        await owner;

        var row = Assert.Single(await DueAsync(due), r => r.VerificationId == id);
        Assert.Equal(SmsEvents.Fallback, row.Event);
        Assert.True(row.DueAt > DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds(), "the row waits for the next balance check");
        Assert.Single(gateway.Sent);
    }

    // A run deletes only the version of the row it read when it started: one that another run moved meanwhile (the SMS
    // waits for credit or calling hours) stays for the job that run scheduled.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_deletes_only_the_version_of_the_row_it_read(bool onPostgres)
    {
        await using var app = OrderConfirmApp.Start(onPostgres ? await postgres.CreateDatabaseAsync() : null, roboCall);
        var id = await VerificationAsync(app);
        var due = app.Services.GetRequiredService<SmsDue>();
        await due.AddAsync(id, SmsEvents.Fallback, CancellationToken.None);

        var read = await due.VersionAsync(id, SmsEvents.Fallback, CancellationToken.None);
        await due.MoveAsync(id, SmsEvents.Fallback, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        await due.DoneAsync(id, SmsEvents.Fallback, read, CancellationToken.None);

        Assert.Single(await DueAsync(due), r => r.VerificationId == id && r.Event == SmsEvents.Fallback);
        await due.DoneAsync(id, SmsEvents.Fallback, await due.VersionAsync(id, SmsEvents.Fallback, CancellationToken.None), CancellationToken.None);
        Assert.DoesNotContain(await DueAsync(due), r => r.VerificationId == id && r.Event == SmsEvents.Fallback);
    }

    private static async Task RunJobAsync(OrderConfirmApp app, long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SendSmsJob>(scope.ServiceProvider).RunAsync(id, SmsEvents.Fallback, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<SmsDueRow>> DueAsync(SmsDue due)
        => await due.OverdueAsync(DateTimeOffset.UtcNow.AddDays(2), 100, CancellationToken.None);

    // A custom store without a second gateway whose call is due tomorrow, so only the test's runs text the customer.
    private static async Task<long> VerificationAsync(OrderConfirmApp app)
    {
        using var admin = app.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robosms-pk", apiKey = Key, from = "LAHORELAWN" },
            settings = new { callDelay = "23:00:00", smsEvents = new { received = false } },
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var (_, typed) = RoboCallStub.NewPhone();
        return await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
    }
}
