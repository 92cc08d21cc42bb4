using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// Waking the step runners costs a Hangfire job only when one is needed: a burst of due calls queues one run, a run
/// going on is told to look again instead, and wakes for later coalesce by the second.
public sealed class DueStepSignalsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingJobClient _jobs = new();

    [Fact]
    public void A_burst_of_wakes_queues_one_run_until_it_starts()
    {
        var signals = Signals();
        for (var i = 0; i < 100; i++)
        {
            signals.Wake(VerificationStep.Call, _clock.GetUtcNow());
        }

        Assert.Equal([(typeof(DialDueCallsJob), EnqueuedState.StateName)], _jobs.Created);
        // The run starts and reads the table (taking the wakes so far), then ends: the next wake queues a new run.
        Assert.True(signals.TryEnter(VerificationStep.Call));
        Assert.True(signals.TakeAgain(VerificationStep.Call));
        Assert.False(signals.TryExit(VerificationStep.Call));
        signals.Wake(VerificationStep.Call, _clock.GetUtcNow());
        Assert.Equal(2, _jobs.Created.Count);
    }

    [Fact]
    public void A_wake_while_a_run_goes_on_tells_it_to_look_again_and_queues_nothing()
    {
        var signals = Signals();
        Assert.True(signals.TryEnter(VerificationStep.Apply));
        signals.TakeAgain(VerificationStep.Apply);

        signals.Wake(VerificationStep.Apply, _clock.GetUtcNow());

        Assert.Empty(_jobs.Created);
        Assert.True(signals.TakeAgain(VerificationStep.Apply));
        Assert.False(signals.TakeAgain(VerificationStep.Apply));
        Assert.False(signals.TryEnter(VerificationStep.Apply)); // a second run of the same step ends at once
    }

    [Fact]
    public void A_run_that_ends_as_a_wake_comes_takes_the_step_back()
    {
        var signals = Signals();
        Assert.True(signals.TryEnter(VerificationStep.Call));
        signals.TakeAgain(VerificationStep.Call);
        Assert.False(signals.TryExit(VerificationStep.Call));

        Assert.True(signals.TryEnter(VerificationStep.Call));
        signals.Wake(VerificationStep.Call, _clock.GetUtcNow());
        Assert.True(signals.TryExit(VerificationStep.Call)); // it goes on instead of ending
        Assert.Empty(_jobs.Created);
    }

    [Fact]
    public void Wakes_for_later_coalesce_by_the_second_and_far_ones_are_left_to_the_recurring_run()
    {
        var signals = Signals();
        var soon = _clock.GetUtcNow().AddSeconds(30);

        signals.Wake(VerificationStep.Call, soon);
        signals.Wake(VerificationStep.Call, soon.AddMilliseconds(300));
        signals.Wake(VerificationStep.Call, soon.AddSeconds(1));
        signals.Wake(VerificationStep.Call, _clock.GetUtcNow() + DueStepSignals.NearWake + TimeSpan.FromSeconds(1));

        Assert.Equal(2, _jobs.Created.Count);
        Assert.All(_jobs.Created, c => Assert.Equal(ScheduledState.StateName, c.State));
    }

    [Fact]
    public void A_queued_run_that_never_started_here_is_queued_again_after_a_while()
    {
        var signals = Signals();
        signals.Wake(VerificationStep.Call, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(6));
        signals.Wake(VerificationStep.Call, _clock.GetUtcNow());

        Assert.Equal(2, _jobs.Created.Count);
    }

    private DueStepSignals Signals() => new(_jobs, _clock, NullLogger<DueStepSignals>.Instance);

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<(Type Job, string State)> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            Created.Add((job.Type, state.Name));
            return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
