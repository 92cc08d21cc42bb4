using Microsoft.Extensions.Options;

namespace OrderConfirm.Verification;

/// Runs the due rows of one step (call or apply) as they come: it claims due rows while it has free slots and runs
/// each one as soon as it is claimed, at most Verification:Concurrency at once and Verification:PerStoreConcurrency of
/// one store, so one store's sale or slow shop never holds up another store's orders. It ends when nothing is due and
/// nothing runs, or after MaxRunTime (then it wakes its successor). Why this replaced a Hangfire job per dial and per
/// write-back: docs/adr/0012-dials-and-write-backs-by-step-runners.md.
public sealed partial class DueStepRunner(
    VerificationRepository verifications, DueStepSignals signals, IOptionsMonitor<VerificationOptions> options, TimeProvider clock, ILogger<DueStepRunner> logger)
{
    // After a claim that found less than it asked for, the next one waits this long: due rows come in bursts, and a
    // claim per finished step would be a query per step.
    internal static readonly TimeSpan ClaimPause = TimeSpan.FromMilliseconds(100);

    // A run holds one Hangfire worker; it hands over to a fresh run now and then rather than hold it for ever.
    private static readonly TimeSpan MaxRunTime = TimeSpan.FromMinutes(5);

    public async Task RunAsync(string step, TimeSpan lease, Func<ClaimedStep, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        if (!signals.TryEnter(step))
        {
            return; // the run going on here looks again before it ends
        }

        var started = clock.GetTimestamp();
        while (true)
        {
            var claimFailed = await RunWhileDueAsync(step, lease, run, started, cancellationToken);
            var overtime = clock.GetElapsedTime(started) >= MaxRunTime;
            if (claimFailed || overtime || cancellationToken.IsCancellationRequested)
            {
                signals.Exit(step);
                if (overtime && !cancellationToken.IsCancellationRequested)
                {
                    signals.Wake(step, clock.GetUtcNow());
                }

                return;
            }

            if (!signals.TryExit(step))
            {
                return;
            }
        }
    }

    // True when a claim failed (the database is down): the run stops claiming, lets what it runs finish, and ends.
    private async Task<bool> RunWhileDueAsync(string step, TimeSpan lease, Func<ClaimedStep, CancellationToken, Task> run, long started, CancellationToken cancellationToken)
    {
        var running = new Dictionary<Task, long>();
        var perStore = new Dictionary<long, int>();
        // When the last claim found nothing due (null: it took rows). Only then do claims wait ClaimPause for each other:
        // a claim cut short by a store's room is followed by another as soon as a step ends.
        var emptyAt = (long?)null;
        var claimFailed = false;
        signals.TakeAgain(step);
        while (true)
        {
            var settings = options.CurrentValue;
            var free = settings.Concurrency - running.Count;
            var stopping = claimFailed || cancellationToken.IsCancellationRequested || clock.GetElapsedTime(started) >= MaxRunTime;
            var pauseOver = emptyAt is not { } at || clock.GetElapsedTime(at) >= ClaimPause || signals.TakeAgain(step);
            if (free > 0 && !stopping && pauseOver)
            {
                if (await TryClaimAsync(step, new StepClaim(free, settings.PerStoreConcurrency, perStore), lease, cancellationToken) is { } claimed)
                {
                    foreach (var row in claimed)
                    {
                        running.Add(RunOneAsync(step, row, run, cancellationToken), row.StoreId);
                        perStore[row.StoreId] = perStore.GetValueOrDefault(row.StoreId) + 1;
                    }

                    emptyAt = claimed.Count == 0 ? clock.GetTimestamp() : null;
                    if (claimed.Count > 0)
                    {
                        LogClaimed(logger, claimed.Count, step, running.Count);
                    }
                }
                else
                {
                    claimFailed = true;
                }
            }

            if (running.Count == 0)
            {
                if (stopping || claimFailed)
                {
                    return claimFailed;
                }

                // Nothing runs: end once a claim has found nothing due and no wake came since; otherwise claim again.
                if (emptyAt is not null)
                {
                    if (!signals.TakeAgain(step))
                    {
                        return false;
                    }

                    emptyAt = null;
                }

                continue;
            }

            // Wait for a step to end (its store may have room again), or for the end of the pause to claim what came
            // due meanwhile.
            if (free > 0 && !stopping)
            {
                await Task.WhenAny(Task.WhenAny(running.Keys), Task.Delay(ClaimPause, clock, CancellationToken.None));
            }
            else
            {
                await Task.WhenAny(running.Keys);
            }

            foreach (var done in running.Keys.Where(t => t.IsCompleted).ToList())
            {
                var store = running[done];
                if (perStore[store] >= settings.PerStoreConcurrency || running.Count >= settings.Concurrency)
                {
                    emptyAt = null; // room again where the last claim may have left due rows behind: claim at once
                }

                running.Remove(done);
                if ((perStore[store] -= 1) == 0)
                {
                    perStore.Remove(store);
                }
            }
        }
    }

    // Null when the claim failed (a database outage): the next wake or the recurring run tries again.
    private async Task<IReadOnlyList<ClaimedStep>?> TryClaimAsync(string step, StepClaim claim, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            return await verifications.ClaimDueStepsAsync(step, claim, lease, cancellationToken);
        }
#pragma warning disable CA1031 // whatever failed, nothing was claimed; the rows stay due in the table
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogClaimFailed(logger, step, ex.GetType().Name);
            return null;
        }
    }

    private async Task RunOneAsync(string step, ClaimedStep row, Func<ClaimedStep, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        // Off the claiming loop at once: the step's first await may be a while coming.
        await Task.Yield();
        var began = clock.GetTimestamp();
        try
        {
            await run(row, cancellationToken);
            var took = clock.GetElapsedTime(began);
            LogStepRan(logger, step, row.Id, took);
        }
#pragma warning disable CA1031 // one step's failure must not end the others; its row comes back when its lease ends
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStepFailed(logger, step, row.Id, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "The {Step} step of verification {Id} took {Took}")]
    private static partial void LogStepRan(ILogger logger, string step, long id, TimeSpan took);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claimed {Count} due {Step} steps; {Running} running")]
    private static partial void LogClaimed(ILogger logger, int count, string step, int running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming due {Step} steps failed with {Error}; the next run tries again")]
    private static partial void LogClaimFailed(ILogger logger, string step, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Step} step of verification {Id} failed with {Error}; it is taken again when its claim runs out")]
    private static partial void LogStepFailed(ILogger logger, string step, long id, string error);
}
