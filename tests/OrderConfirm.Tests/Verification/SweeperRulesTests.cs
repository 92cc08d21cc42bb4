using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

public sealed class SweeperRulesTests
{
    // A job id saved before an in-memory restart may name a new, unrelated job: only this row's own job counts.
    [Fact]
    public void A_live_job_carries_a_step_only_if_it_is_that_verifications_job_for_that_step()
    {
        Assert.True(SweeperJob.IsJobFor(typeof(PlaceCallJob), [7L, CancellationToken.None], 7, VerificationStep.Call));
        Assert.True(SweeperJob.IsJobFor(typeof(ApplyOutcomeJob), [7L, CancellationToken.None], 7, VerificationStep.Apply));
        Assert.False(SweeperJob.IsJobFor(typeof(PlaceCallJob), [8L, CancellationToken.None], 7, VerificationStep.Call));
        Assert.False(SweeperJob.IsJobFor(typeof(ApplyOutcomeJob), [7L, CancellationToken.None], 7, VerificationStep.Call));
        Assert.False(SweeperJob.IsJobFor(typeof(SweeperJob), [CancellationToken.None], 7, VerificationStep.Call));
    }

    // Lock wait + dial + lock wait on SQLite (30 s each at worst) must stay inside the limit.
    [Fact]
    public void A_dial_counts_as_stuck_only_well_after_the_dial_timeout_and_two_lock_waits()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var dialTimeout = TimeSpan.FromSeconds(30);
        var worstCase = dialTimeout + TimeSpan.FromSeconds(30) + TimeSpan.FromSeconds(30);

        Assert.True(SweeperJob.StuckBefore(now, dialTimeout) < now - worstCase - TimeSpan.FromSeconds(30));
    }
}
