using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.Toolkit;

public sealed class CoalescedEnqueueTests
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    [Fact]
    public void Signals_before_the_job_starts_join_the_one_queued_job()
    {
        var signal = new CoalescedEnqueue();
        var queued = 0;

        Parallel.For(0, 1_000, _ => signal.Signal(1_000, Stale, () => Interlocked.Increment(ref queued) > 0));

        Assert.Equal(1, queued);
    }

    [Fact]
    public void A_signal_after_the_job_started_queues_another()
    {
        var signal = new CoalescedEnqueue();
        var queued = 0;
        signal.Signal(1_000, Stale, () => ++queued > 0);

        signal.Started();
        signal.Signal(1_100, Stale, () => ++queued > 0);
        signal.Signal(1_200, Stale, () => ++queued > 0);

        Assert.Equal(2, queued);
    }

    [Fact]
    public void A_job_that_has_not_started_within_the_stale_time_is_queued_again()
    {
        // It may have started on another instance, which does not tell this one.
        var signal = new CoalescedEnqueue();
        var queued = 0;
        signal.Signal(1_000, Stale, () => ++queued > 0);

        signal.Signal(5_999, Stale, () => ++queued > 0);
        signal.Signal(6_000, Stale, () => ++queued > 0);

        Assert.Equal(2, queued);
    }

    [Fact]
    public void A_queue_that_refused_the_job_is_tried_again_at_the_next_signal()
    {
        var signal = new CoalescedEnqueue();
        var attempts = 0;
        signal.Signal(1_000, Stale, () => ++attempts > 1);

        signal.Signal(1_001, Stale, () => ++attempts > 1);
        signal.Signal(1_002, Stale, () => ++attempts > 1);

        Assert.Equal(2, attempts);
    }
}
