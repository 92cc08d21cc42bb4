using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// The step runners take due calls and write-backs from the table: woken when a step becomes due, and on their
/// recurring run when a wake was lost; one store's slow steps leave room for the others; and two runners never take
/// the same row.
[Collection(SharedInfrastructure.Name)]
public sealed class StepRunnerTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    // No recurring runs at all: what happens is the wakes' doing.
    private static readonly Dictionary<string, string?> WakesOnly = new() { ["Jobs:SweeperCron"] = "0 0 1 1 *" };

    [Fact]
    public async Task A_call_and_its_write_back_run_on_their_wakes_alone()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WakesOnly);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));

        var id = await admin.SubmitOrderAsync(storeId, $"woken-{Guid.NewGuid():N}", typed);

        var done = await admin.WaitForStatusAsync(id, "confirmed");
        await EngineDriver.UntilAsync(async () => (await admin.GetVerificationAsync(id))["writeBack"]!.GetValue<string>() != "pending");
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Contains("dialing", done.TimelineKinds());
    }

    [Fact]
    public async Task A_call_whose_wake_was_lost_waits_for_the_recurring_run_and_is_dialled_once()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(WakesOnly) { ["Verification:CallDelay"] = "00:00:02" });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var id = await admin.SubmitOrderAsync(storeId, $"lost-wake-{Guid.NewGuid():N}", typed);

        Assert.Equal(1, DeleteScheduledRuns<DialDueCallsJob>(app));
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal("pending", (await admin.GetVerificationAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(0, roboCall.DialCount(phone));

        // The recurring run, twice at once, and a run by hand besides: one dial.
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.Trigger("dial-due-calls");
        recurring.Trigger("dial-due-calls");
        await RunDiallerAsync(app);

        await admin.WaitForStatusAsync(id, "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task One_stores_slow_dials_leave_room_for_another_stores_call()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:Concurrency"] = "4",
            ["Verification:PerStoreConcurrency"] = "2",
        });
        using var admin = app.AdminClient();
        var busyStore = await admin.CreateCustomStoreAsync("Sale Store");
        var quietStore = await admin.CreateCustomStoreAsync("Quiet Store");
        var slow = Enumerable.Range(0, 6).Select(_ => RoboCallStub.NewPhone()).ToList();
        foreach (var (phone, _) in slow)
        {
            roboCall.AcceptCall(phone, RoboCallStub.CallId(phone), delay: TimeSpan.FromSeconds(3));
            roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        }

        var (quietPhone, quietTyped) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(quietPhone, RoboCallStub.CallId(quietPhone));
        roboCall.CallStatuses(RoboCallStub.CallId(quietPhone), (2, 1, 0));

        // The sale's orders are all due before the quiet store's one.
        var ids = new List<long>();
        foreach (var (_, typed) in slow)
        {
            ids.Add(await admin.SubmitOrderAsync(busyStore, $"sale-{Guid.NewGuid():N}", typed));
        }

        var quiet = await admin.SubmitOrderAsync(quietStore, $"quiet-{Guid.NewGuid():N}", quietTyped);
        await admin.WaitForStatusAsync(quiet, "confirmed", TimeSpan.FromSeconds(30));
        foreach (var id in ids)
        {
            await admin.WaitForStatusAsync(id, "confirmed", TimeSpan.FromSeconds(60));
        }

        var saleDials = slow.Select(p => DialedAt(p.Normalized)).Order().ToList();
        var quietDial = DialedAt(quietPhone);
        // Two of the sale's dials at a time: the third began when one of the first two ended, 3 s later; the quiet
        // store's call did not wait for that.
        Assert.True(saleDials[2] - saleDials[0] >= TimeSpan.FromSeconds(2.5), $"the third sale dial began {(saleDials[2] - saleDials[0]).TotalSeconds:0.0} s after the first");
        Assert.True(quietDial < saleDials[2], $"the quiet store was dialled {(quietDial - saleDials[0]).TotalSeconds:0.0} s after the sale's first dial");
    }

    [Fact]
    public async Task Concurrent_claims_on_postgres_never_take_the_same_row()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Roles"] = "web" });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync();
        var ids = new List<long>();
        for (var i = 0; i < 120; i++)
        {
            ids.Add(await admin.SubmitOrderAsync(storeId, $"claim-{i}-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped));
        }

        var verifications = app.Services.GetRequiredService<VerificationRepository>();
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<long>();
            IReadOnlyList<ClaimedStep> batch;
            do
            {
                batch = await verifications.ClaimDueStepsAsync(VerificationStep.Call, new StepClaim(7, 1000, new Dictionary<long, int>()), TimeSpan.FromMinutes(2), CancellationToken.None);
                mine.AddRange(batch.Select(c => c.Id));
            }
            while (batch.Count > 0);
            return mine;
        })));

        var taken = claims.SelectMany(c => c).ToList();
        Assert.Equal(taken.Count, taken.Distinct().Count());
        Assert.Equal(ids.Order(), taken.Order());
    }

    internal static async Task RunDiallerAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<DialDueCallsJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    /// Deletes the scheduled runs (wakes for later) of a step runner, as someone could in the dashboard.
    internal static int DeleteScheduledRuns<TJob>(OrderConfirmApp app)
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        return monitoring.ScheduledJobs(0, 1000).Count(j => j.Value.Job?.Type == typeof(TJob) && jobs.Delete(j.Key));
    }

    private DateTime DialedAt(string phone) => roboCall.Requests("/api/calls", "caller_id", phone).Single().RequestMessage!.DateTime;
}
