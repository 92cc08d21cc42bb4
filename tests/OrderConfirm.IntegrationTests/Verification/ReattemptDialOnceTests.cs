using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// Each re-attempt is dialled exactly once, whoever drives it: duplicate PlaceCall jobs and dialler runs, two servers
/// on one database, or the dialler's recurring run after its wake was lost.
[Collection(SharedInfrastructure.Name)]
public sealed class ReattemptDialOnceTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Duplicate_call_jobs_dial_each_attempt_exactly_once()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync(settings: new { reattempts = 2, reattemptAfter = "00:00:03" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);
        var id = await admin.SubmitOrderAsync(storeId, $"dup-{Guid.NewGuid():N}", typed);
        var waiting = await admin.WaitForAttemptAsync(id, 2);
        roboCall.SecondCallAnswered(phone, dtmf: 1);

        // Early duplicates (they go back to waiting), then, at the due time, PlaceCall three times at once besides
        // the scheduled job.
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None));
        jobs.Enqueue<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None));
        var due = waiting["nextStepAt"]!.GetValue<DateTimeOffset>();
        var wait = due - DateTimeOffset.UtcNow;
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => app.RunPlaceCallAsync(id)))
            .Append(Task.Run(() => StepRunnerTests.RunDiallerAsync(app))));
        jobs.Enqueue<DialDueCallsJob>(j => j.RunAsync(CancellationToken.None));

        var done = await admin.WaitForStatusAsync(id, "confirmed");
        Assert.Equal(2, roboCall.DialCount(phone));
        Assert.Equal(2, done["attempt"]!.GetValue<int>());
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "dialing"));
    }

    [Fact]
    public async Task Two_servers_on_one_database_dial_each_attempt_exactly_once()
    {
        const int orders = 6;
        var database = await postgres.CreateDatabaseAsync();
        await using var first = OrderConfirmApp.Start(database, roboCall);
        await using var second = OrderConfirmApp.Start(database, roboCall);
        using var firstClient = first.AdminClient();
        using var secondClient = second.AdminClient();
        var storeId = await firstClient.CreateCustomStoreAsync(settings: new { reattempts = 1, reattemptAfter = "00:00:02" });
        var phones = Enumerable.Range(0, orders).Select(_ => RoboCallStub.NewPhone()).ToList();
        foreach (var (phone, _) in phones)
        {
            roboCall.FirstCallUnanswered(phone);
        }

        var ids = new List<long>();
        for (var i = 0; i < orders; i++)
        {
            ids.Add(await (i % 2 == 0 ? firstClient : secondClient).SubmitOrderAsync(storeId, $"pair-{Guid.NewGuid():N}", phones[i].AsTyped));
        }

        var secondJobs = second.Services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < orders; i++)
        {
            var id = ids[i];
            await firstClient.WaitForAttemptAsync(id, 2);
            roboCall.SecondCallAnswered(phones[i].Normalized, dtmf: 2);
            // The re-attempt is queued on the second server too, so both race for its dial.
            secondJobs.Schedule<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None), TimeSpan.FromSeconds(2));
        }

        foreach (var id in ids)
        {
            var done = await firstClient.WaitForStatusAsync(id, "cancelled", TimeSpan.FromSeconds(60));
            Assert.Equal(2, done["attempt"]!.GetValue<int>());
        }

        Assert.All(phones, p => Assert.Equal(2, roboCall.DialCount(p.Normalized)));
    }

    [Fact]
    public async Task A_re_attempt_whose_wake_was_lost_is_dialled_by_the_recurring_run_once()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync(settings: new { reattempts = 1, reattemptAfter = "00:00:05" });
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.FirstCallUnanswered(phone);
        var id = await admin.SubmitOrderAsync(storeId, $"lost-{Guid.NewGuid():N}", typed);
        await admin.WaitForAttemptAsync(id, 2);
        roboCall.SecondCallAnswered(phone, dtmf: 1);

        // Someone deletes the scheduled wake of the dialler in the dashboard: the row is still due, and the recurring
        // run (every second in the tests) finds it.
        Assert.True(StepRunnerTests.DeleteScheduledRuns<DialDueCallsJob>(app) > 0);

        var done = await admin.WaitForStatusAsync(id, "confirmed", TimeSpan.FromSeconds(40));
        Assert.Equal(2, roboCall.DialCount(phone));
        Assert.Equal(2, done["attempt"]!.GetValue<int>());
    }
}
