using System.Collections.Concurrent;
using Hangfire;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

/// Wakes the step runners (DialDueCallsJob, WriteBackDueOutcomesJob) of this instance. The verifications table is the
/// queue; a wake only says "read it now" or "read it then", so a lost wake costs time, never a step (the runners also
/// run on Jobs:SweeperCron). Wakes are cheap because they coalesce:
/// - while a run of the step is going on in this instance, a wake for now only tells it to look again before it ends;
/// - while a run queued by a wake for now has not started, more wakes join it;
/// - a wake for later is one scheduled run per second of due time, and only within NearWake: further out, the
///   recurring run (once a minute by default) takes the row, at most a minute late.
public sealed partial class DueStepSignals(IBackgroundJobClient jobs, TimeProvider clock, ILogger<DueStepSignals> logger)
{
    internal static readonly TimeSpan NearWake = TimeSpan.FromMinutes(2);

    // A queued run that has not started after this long may have started on another instance (which does not clear
    // this one's flag): the next wake queues another.
    private static readonly TimeSpan QueuedStaleAfter = TimeSpan.FromSeconds(5);

    private readonly StepState _calls = new();
    private readonly StepState _applies = new();

    public void Wake(string step, DateTimeOffset dueAt)
    {
        var state = StateOf(step);
        var now = clock.GetUtcNow();
        if (dueAt <= now.AddSeconds(1))
        {
            WakeNow(step, state, now);
        }
        else if (dueAt - now <= NearWake)
        {
            WakeLater(step, state, dueAt, now);
        }
    }

    /// A run begins: false when another run of the step is going on in this instance (which was told to look again).
    public bool TryEnter(string step)
    {
        var state = StateOf(step);
        state.Queued.Started();
        if (Interlocked.CompareExchange(ref state.Running, 1, 0) == 0)
        {
            return true;
        }

        // The running one may be ending right now; it reads Again after it clears Running, or this takes over.
        Interlocked.Exchange(ref state.Again, 1);
        return Interlocked.CompareExchange(ref state.Running, 1, 0) == 0;
    }

    /// True (once) when a wake came since the last call: the run reads the table again before it ends.
    public bool TakeAgain(string step) => Interlocked.Exchange(ref StateOf(step).Again, 0) == 1;

    /// The run ends. True when a wake came in the meantime and the run took the step back: it goes on instead.
    public bool TryExit(string step)
    {
        // Full fences (Interlocked), not Volatile: the store to one flag must not pass the load of the other, or a wake
        // and an ending run could each miss the other (the wake sees the run, the run does not see the wake).
        var state = StateOf(step);
        Interlocked.Exchange(ref state.Running, 0);
        return Interlocked.CompareExchange(ref state.Again, 0, 0) == 1 && Interlocked.CompareExchange(ref state.Running, 1, 0) == 0;
    }

    /// The run ends for good (failed claim, cancelled, or handing over to a fresh run).
    public void Exit(string step) => Interlocked.Exchange(ref StateOf(step).Running, 0);

    private void WakeNow(string step, StepState state, DateTimeOffset now)
    {
        // Set before Running is read: a run that is ending reads it after it clears Running (TryExit).
        Interlocked.Exchange(ref state.Again, 1);
        if (Interlocked.CompareExchange(ref state.Running, 0, 0) == 1)
        {
            return;
        }

        state.Queued.Signal(now.ToUnixTimeMilliseconds(), QueuedStaleAfter, () => TryQueue(step, null));
    }

    private void WakeLater(string step, StepState state, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var second = (dueAt.ToUnixTimeMilliseconds() + 999) / 1000;
        if (!state.Scheduled.TryAdd(second, 0))
        {
            return;
        }

        var past = now.ToUnixTimeSeconds();
        foreach (var old in state.Scheduled.Keys.Where(s => s < past))
        {
            state.Scheduled.TryRemove(old, out _);
        }

        if (!TryQueue(step, DateTimeOffset.FromUnixTimeSeconds(second)))
        {
            state.Scheduled.TryRemove(second, out _);
        }
    }

    private bool TryQueue(string step, DateTimeOffset? at)
    {
        try
        {
            _ = (step, at) switch
            {
                (VerificationStep.Call, null) => jobs.Enqueue<DialDueCallsJob>(j => j.RunAsync(CancellationToken.None)),
                (VerificationStep.Call, { } time) => jobs.Schedule<DialDueCallsJob>(j => j.RunAsync(CancellationToken.None), time),
                (_, null) => jobs.Enqueue<WriteBackDueOutcomesJob>(j => j.RunAsync(CancellationToken.None)),
                (_, { } time) => jobs.Schedule<WriteBackDueOutcomesJob>(j => j.RunAsync(CancellationToken.None), time),
            };
            return true;
        }
#pragma warning disable CA1031 // the row is due in the table; the recurring run takes it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogQueueFailed(logger, step, ex.GetType().Name);
            return false;
        }
    }

    private StepState StateOf(string step) => step switch
    {
        VerificationStep.Call => _calls,
        VerificationStep.Apply => _applies,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Only the call and apply steps have runners."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the {Step} runner ({Error}); the recurring run takes the due rows")]
    private static partial void LogQueueFailed(ILogger logger, string step, string error);

    private sealed class StepState
    {
        public int Running;
        public int Again;
        public readonly CoalescedEnqueue Queued = new();
        public readonly ConcurrentDictionary<long, byte> Scheduled = new();
    }
}
