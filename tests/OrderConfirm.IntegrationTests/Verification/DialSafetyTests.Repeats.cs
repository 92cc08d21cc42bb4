using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// A dial job run again, at the same time in one process, or on two servers dials each customer once.
public sealed partial class DialSafetyTests
{
    [Fact]
    public async Task PlaceCall_job_executed_three_times_dials_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        long id;

        // A web-only instance takes the order and queues its PlaceCall job; we queue the same job twice more.
        await using (var web = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Roles"] = "web" }))
        {
            using var client = web.AdminClient();
            var storeId = await client.CreateCustomStoreAsync();
            id = await client.SubmitOrderAsync(storeId, $"twice-{Guid.NewGuid():N}", typed);
            var jobs = web.Services.GetRequiredService<IBackgroundJobClient>();
            jobs.Enqueue<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None));
            jobs.Enqueue<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None));
            Assert.Equal(0, roboCall.DialCount(phone));
        }

        // A worker on the same database then runs all three jobs.
        await using var worker = OrderConfirmApp.Start(database, roboCall);
        using var workerClient = worker.AdminClient();
        await workerClient.WaitForStatusAsync(id, "confirmed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task PlaceCall_run_concurrently_in_process_dials_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone), delay: TimeSpan.FromMilliseconds(300));
        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Roles"] = "web" });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var id = await client.SubmitOrderAsync(storeId, $"race-{Guid.NewGuid():N}", typed);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<PlaceCallJob>(scope.ServiceProvider).RunAsync(id, CancellationToken.None);
        }));

        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal("calling", (await client.GetVerificationAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_servers_on_one_database_dial_each_customer_exactly_once()
    {
        const int orders = 40;
        var database = await postgres.CreateDatabaseAsync();
        await using var first = OrderConfirmApp.Start(database, roboCall);
        await using var second = OrderConfirmApp.Start(database, roboCall);
        using var firstClient = first.AdminClient();
        using var secondClient = second.AdminClient();
        var storeId = await firstClient.CreateCustomStoreAsync();

        var phones = Enumerable.Range(0, orders).Select(_ => RoboCallStub.NewPhone()).ToList();
        foreach (var (phone, _) in phones)
        {
            roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
            roboCall.CallStatuses(RoboCallStub.CallId(phone), (1, null, 0), (2, 1, 0));
        }

        // Each order's PlaceCall job is queued on both servers, so the two race for every dial.
        var secondJobs = second.Services.GetRequiredService<IBackgroundJobClient>();
        var ids = new List<long>();
        for (var i = 0; i < orders; i++)
        {
            var client = i % 2 == 0 ? firstClient : secondClient;
            var id = await client.SubmitOrderAsync(storeId, $"pair-{Guid.NewGuid():N}", phones[i].AsTyped);
            secondJobs.Enqueue<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None));
            ids.Add(id);
        }

        foreach (var id in ids)
        {
            await firstClient.WaitForStatusAsync(id, "confirmed", TimeSpan.FromSeconds(60));
        }

        Assert.All(phones, p => Assert.Equal(1, roboCall.DialCount(p.Normalized)));
    }
}
