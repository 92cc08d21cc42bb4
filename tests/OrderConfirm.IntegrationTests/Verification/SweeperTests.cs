using Dapper;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// The sweeper is the safety net under Hangfire: whatever happens to a job, the row that needs it is found again —
/// but only a row whose own job is really gone, and a dial of unknown outcome is never re-driven.
[Collection(SharedInfrastructure.Name)]
public sealed class SweeperTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    // On a web-only host no Hangfire server runs: jobs stay where they are and the test runs the sweeper itself.
    private static readonly Dictionary<string, string?> WebOnly = new() { ["Roles"] = "web", ["Jobs:SweeperGrace"] = "00:00:00" };

    [Fact]
    public async Task Job_deleted_in_the_dashboard_is_re_driven_and_the_customer_is_called_once()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:CallDelay"] = "00:00:03",
            ["Jobs:SweeperGrace"] = "00:00:01",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var id = await client.SubmitOrderAsync(storeId, $"deleted-job-{Guid.NewGuid():N}", typed);
        var jobId = await JobIdAsync(app, id);
        Assert.NotNull(jobId);

        Assert.True(app.Services.GetRequiredService<IBackgroundJobClient>().Delete(jobId));
        var done = await client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dial_without_a_call_id_past_the_limit_needs_attention_and_a_recent_one_is_left_alone()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var old = await client.SubmitOrderAsync(storeId, $"stuck-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var recent = await client.SubmitOrderAsync(storeId, $"dialing-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var now = DateTimeOffset.UtcNow;
        // DialTimeout is 5 s in the tests: 5 s + the 2 min margin makes a dial stuck; 100 s is inside (the old 1 min margin was not).
        await ExecuteAsync(app, "update verifications set step = 'dialing', status = 'calling', due_at = null, dial_started_at = @at where id = @id", new { id = old, at = (now - TimeSpan.FromMinutes(3)).ToMs() });
        await ExecuteAsync(app, "update verifications set step = 'dialing', status = 'calling', due_at = null, dial_started_at = @at where id = @id", new { id = recent, at = (now - TimeSpan.FromSeconds(100)).ToMs() });

        await RunSweeperAsync(app);

        var stuck = await client.GetVerificationAsync(old);
        Assert.Equal("needs-attention", stuck["status"]!.GetValue<string>());
        Assert.StartsWith("Dial outcome unknown", stuck["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("calling", (await client.GetVerificationAsync(recent))["status"]!.GetValue<string>());
        Assert.Null(await JobIdAsync(app, old)); // never re-driven: the customer may have been called
    }

    [Fact]
    public async Task Failed_job_is_deleted_so_it_expires_and_the_step_is_re_driven()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var id = await client.SubmitOrderAsync(storeId, $"failed-job-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var failedJob = (await JobIdAsync(app, id))!;
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        Assert.True(jobs.ChangeState(failedJob, new FailedState(new InvalidOperationException("database blip")), null));

        await RunSweeperAsync(app);

        var storage = app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        Assert.Equal(DeletedState.StateName, connection.GetJobData(failedJob)!.State);
        var newJob = await JobIdAsync(app, id);
        Assert.NotEqual(failedJob, newJob);
        Assert.Equal(EnqueuedState.StateName, connection.GetJobData(newJob!)!.State);
        Assert.Equal(0, storage.GetMonitoringApi().FailedCount());
    }

    [Fact]
    public async Task A_lost_job_behind_five_hundred_live_ones_is_still_re_driven()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (_, typed) = RoboCallStub.NewPhone();
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, 510).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    await IntakeAsync(app, storeId, $"backlog-{i}", typed);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var lost = await IntakeAsync(app, storeId, "lost-after-the-backlog", typed);
        var lostJob = (await JobIdAsync(app, lost))!;
        Assert.True(app.Services.GetRequiredService<IBackgroundJobClient>().Delete(lostJob));
        await ExecuteAsync(app, "update verifications set due_at = @at where step = 'call'", new { at = (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5)).ToMs() });
        await ExecuteAsync(app, "update verifications set due_at = due_at + 1000 where id = @id", new { id = lost }); // the newest due row

        await RunSweeperAsync(app);

        var redriven = await JobIdAsync(app, lost);
        Assert.NotEqual(lostJob, redriven);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal(EnqueuedState.StateName, connection.GetJobData(redriven!)!.State);
    }

    // Hangfire.InMemory numbered jobs from 1 again after a restart, so a job id saved on a row before it could name a
    // new, unrelated job (here: another store's call scheduled hours ahead). The sweeper must not wait on that job.
    [Fact]
    public async Task Embedded_row_whose_saved_job_id_names_someone_elses_live_job_is_re_driven()
    {
        await using var app = OrderConfirmApp.Start(postgres: null, roboCall, new Dictionary<string, string?> { ["Jobs:SweeperGrace"] = "00:00:00" });
        using var client = app.AdminClient();
        var karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
        var opens = (TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, karachi).Hour + 3) % 24;
        var laterStore = await client.CreateCustomStoreAsync("Later Store", settings: new { callingHours = $"{opens:00}:00-{(opens + 1) % 24:00}:00" });
        var (laterPhone, laterTyped) = RoboCallStub.NewPhone();
        var later = await client.SubmitOrderAsync(laterStore, $"later-{Guid.NewGuid():N}", laterTyped);
        var othersJob = (await JobIdAsync(app, later))!;

        var storeId = await client.CreateCustomStoreAsync();
        var (phone, _) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var protector = app.Services.GetRequiredService<SecretProtector>();
        var (row, _) = await app.Services.GetRequiredService<VerificationRepository>().CreateAsync(
            new NewVerification(storeId, $"restart-{Guid.NewGuid():N}", "#R1", 1500m, "PKR", protector.Protect(phone, ProtectionPurposes.Phone), "********" + phone[^4..], null, "pending", "call", DateTimeOffset.UtcNow.AddSeconds(-10), null),
            CancellationToken.None);
        await ExecuteAsync(app, "update verifications set job_id = @othersJob where id = @id", new { id = row.Id, othersJob });

        await client.WaitForStatusAsync(row.Id, "confirmed");

        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal(0, roboCall.DialCount(laterPhone));
        Assert.Equal(othersJob, await JobIdAsync(app, later)); // the other store's call is untouched
    }

    private static async Task<long> IntakeAsync(OrderConfirmApp app, long storeId, string orderId, string phone)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<VerificationIntake>().SubmitAsync(new OrderSubmission(storeId, orderId, $"#{orderId}", 1500m, "PKR", phone, null), CancellationToken.None);
        return Assert.IsType<IntakeResult.Accepted>(result).Verification.Id;
    }

    private static async Task RunSweeperAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SweeperJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    private static async Task<string?> JobIdAsync(OrderConfirmApp app, long id)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("select job_id from verifications where id = @id", new { id }));
    }

    private static async Task ExecuteAsync(OrderConfirmApp app, string sql, object parameters)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters));
    }
}
