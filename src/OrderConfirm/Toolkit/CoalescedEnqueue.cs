namespace OrderConfirm.Toolkit;

/// One queued job stands for every signal that comes before it starts: a burst of signals ("read the table now")
/// queues one job, not one each. The job reads its work from the database when it starts, so the signals that joined
/// it lose nothing. A queued job that has not started after staleAfter may have started on another instance, which
/// does not tell this one: the next signal queues another. Lock-free; safe to call from any thread.
public sealed class CoalescedEnqueue
{
    // The time (ms) the job now waiting to start was queued; 0 when none is.
    private long _queuedSince;

    /// Queues through enqueue unless a job queued here less than staleAfter ago has not started. enqueue returns false
    /// when the queue could not take the job (the caller logged why); the next signal tries again.
    public void Signal(long nowMs, TimeSpan staleAfter, Func<bool> enqueue)
    {
        var queued = Interlocked.Read(ref _queuedSince);
        if (queued != 0 && nowMs - queued < staleAfter.TotalMilliseconds)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _queuedSince, nowMs, queued) != queued)
        {
            return;
        }

        if (!enqueue())
        {
            Interlocked.CompareExchange(ref _queuedSince, 0, nowMs);
        }
    }

    /// The job is starting: signals from now on need a job of their own.
    public void Started() => Interlocked.Exchange(ref _queuedSince, 0);
}
