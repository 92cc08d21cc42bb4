using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// A customer is never called twice by accident: not after a timeout, not when the job runs twice, not with two servers.
[Collection(SharedInfrastructure.Name)]
public sealed class DialSafetyTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Dial_that_times_out_is_sent_once_and_needs_attention()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:DialTimeout"] = "00:00:01",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, $"c{phone}", delay: TimeSpan.FromSeconds(3));

        var id = await client.SubmitOrderAsync(storeId, $"timeout-{phone}", typed);
        var result = await client.WaitForStatusAsync(id, "needs-attention");

        Assert.Contains("Dial outcome unknown", result["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result["callId"]);
        // Wait past the stub's delay and several sweeper runs: still exactly one dial.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal("needs-attention", (await client.GetVerificationAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_error_on_the_dial_is_an_unknown_outcome_and_never_redialled()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.RejectCall(phone, 500, new { status = 500, message = "Internal Server Error" });

        var id = await client.SubmitOrderAsync(storeId, $"e500-{phone}", typed);
        await client.WaitForStatusAsync(id, "needs-attention");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task PlaceCall_job_executed_three_times_dials_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, $"c{phone}");
        roboCall.CallStatuses($"c{phone}", (2, 1, 0));
        long id;

        // A web-only instance takes the order and queues its PlaceCall job; we queue the same job twice more.
        await using (var web = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Roles"] = "web" }))
        {
            using var client = web.AdminClient();
            var storeId = await client.CreateCustomStoreAsync();
            id = await client.SubmitOrderAsync(storeId, $"twice-{phone}", typed);
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
        roboCall.AcceptCall(phone, $"c{phone}", delay: TimeSpan.FromMilliseconds(300));
        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Roles"] = "web" });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var id = await client.SubmitOrderAsync(storeId, $"race-{phone}", typed);

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
            roboCall.AcceptCall(phone, $"c{phone}");
            roboCall.CallStatuses($"c{phone}", (1, null, 0), (2, 1, 0));
        }

        var ids = new List<long>();
        for (var i = 0; i < orders; i++)
        {
            var client = i % 2 == 0 ? firstClient : secondClient;
            ids.Add(await client.SubmitOrderAsync(storeId, $"pair-{phones[i].Normalized}", phones[i].AsTyped));
        }

        foreach (var id in ids)
        {
            await firstClient.WaitForStatusAsync(id, "confirmed", TimeSpan.FromSeconds(60));
        }

        Assert.All(phones, p => Assert.Equal(1, roboCall.DialCount(p.Normalized)));
    }
}
