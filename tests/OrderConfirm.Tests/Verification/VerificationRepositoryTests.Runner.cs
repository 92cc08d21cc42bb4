using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// The step runner on a real SQLite file: one run takes every due row, however fast its steps end and however the
/// store's room cuts its claims short.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task One_run_takes_every_due_row_even_when_steps_end_at_once_and_a_stores_room_cuts_each_claim_short()
    {
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await NewAsync());
        }

        var ran = new List<long>();
        var runner = Runner(concurrency: 4, perStore: 2);

        await runner.RunAsync(VerificationStep.Call, TimeSpan.FromMinutes(2), async (claimed, ct) =>
        {
            lock (ran)
            {
                ran.Add(claimed.Id);
            }

            await _verifications.StopAsync(claimed.Id, "done by the test", ct);
        }, CancellationToken.None);

        Assert.Equal(ids, ran.Order());
    }

    [Fact]
    public async Task A_step_that_throws_ends_neither_the_run_nor_the_other_steps_and_its_row_comes_back_after_the_lease()
    {
        var failing = await NewAsync();
        var fine = await NewAsync();
        var ran = new List<long>();

        await Runner(concurrency: 4, perStore: 4).RunAsync(VerificationStep.Call, TimeSpan.FromMinutes(2), async (claimed, ct) =>
        {
            if (claimed.Id == failing)
            {
                throw new InvalidOperationException("a bug");
            }

            ran.Add(claimed.Id);
            await _verifications.StopAsync(claimed.Id, "done by the test", ct);
        }, CancellationToken.None);

        Assert.Equal([fine], ran);
        Assert.Empty(await ClaimAsync(VerificationStep.Call, 10));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([failing], (await ClaimAsync(VerificationStep.Call, 10)).Select(c => c.Id));
    }

    private DueStepRunner Runner(int concurrency, int perStore)
        => new(
            _verifications,
            new DueStepSignals(new NoJobs(), TimeProvider.System, NullLogger<DueStepSignals>.Instance),
            new FixedOptionsMonitor<VerificationOptions>(new VerificationOptions { Concurrency = concurrency, PerStoreConcurrency = perStore }),
            TimeProvider.System,
            NullLogger<DueStepRunner>.Instance);

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "1";

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
