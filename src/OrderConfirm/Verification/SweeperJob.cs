using System.ComponentModel;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.RoboCall;

namespace OrderConfirm.Verification;

// Recurring safety net. The verifications table is the truth and Hangfire only the executor: when a job is lost
// (in-memory queue restarted, job deleted in the dashboard, a crash) the row is still due, and this finds it.
// Its one transition, a stuck dial handed to a person, is in docs/verification-states.md, "Dial".
public sealed partial class SweeperJob(
    VerificationRepository verifications,
    JobDispatcher dispatcher,
    JobStorage storage,
    IBackgroundJobClient jobs,
    SweeperCursor cursor,
    IOptionsMonitor<JobsOptions> jobsOptions,
    IOptionsMonitor<RoboCallOptions> roboCallOptions,
    TimeProvider clock,
    ILogger<SweeperJob> logger)
{
    private const int PageSize = 500;

    // A backlog this deep is checked over several runs; each run starts where the last one stopped.
    private const int MaxRowsPerRun = 20_000;

    // Past the dial timeout, a dial's two commits may each wait for SQLite's write lock (30 s busy timeout) and a
    // loaded worker may be slow to run the continuation; only a dial older than all of that is stuck for good.
    internal static readonly TimeSpan StuckDialMargin = TimeSpan.FromMinutes(2);

    private static readonly HashSet<string> LiveStates = new(StringComparer.OrdinalIgnoreCase)
    {
        EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName,
    };

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Sweep: re-drive verifications whose job was lost")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // A dial that began longer ago than any request can take, with no call id: the outcome is unknown for good.
        foreach (var id in await verifications.StuckDialsAsync(StuckBefore(now, roboCallOptions.CurrentValue.DialTimeout), cancellationToken))
        {
            await verifications.NeedsAttentionAsync(
                id,
                VerificationStep.Dialing,
                "Dial outcome unknown: the dial started but no call id was recorded (the worker stopped or the request hung). The customer may have been called; not redialled automatically.",
                cancellationToken);
            LogStuckDial(logger, id);
        }

        var cutoff = now - jobsOptions.CurrentValue.SweeperGrace;
        var checkedRows = 0;
        var after = cursor.ResumeAfter;
        while (true)
        {
            var page = await verifications.DueStepsAsync(cutoff, after, PageSize, cancellationToken);
            foreach (var due in page)
            {
                await SweepAsync(due, now, cancellationToken);
            }

            checkedRows += page.Count;
            if (page.Count < PageSize)
            {
                cursor.ResumeAfter = null; // reached the end: the next run starts from the oldest again
                return;
            }

            after = page[^1];
            if (checkedRows >= MaxRowsPerRun)
            {
                cursor.ResumeAfter = after;
                return;
            }
        }
    }

    internal static DateTimeOffset StuckBefore(DateTimeOffset now, TimeSpan dialTimeout) => now - dialTimeout - StuckDialMargin;

    private async Task SweepAsync(DueStep due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = due.JobId is null ? JobState.None : Inspect(due.JobId, due.Id, due.Step);
        if (job == JobState.Live)
        {
            return;
        }

        if (job == JobState.Failed)
        {
            // The row counts its own failures; the failed job would only sit in the dashboard forever.
            jobs.Delete(due.JobId);
        }

        await dispatcher.DispatchAsync(due.Id, due.Step, now, due.JobId, cancellationToken);
        LogRedriven(logger, due.Id, due.Step, due.JobId ?? "none", job);
    }

    // Live only when the job is still waiting or running AND is this verification's job for this step: with the
    // in-memory queue a restart reuses job ids, so an id saved before it may now name someone else's job.
    private JobState Inspect(string jobId, long id, string step)
    {
        try
        {
            using var connection = storage.GetConnection();
            var data = connection.GetJobData(jobId);
            if (data?.Job is not { } job || !IsJobFor(job.Type, job.Args, id, step))
            {
                return JobState.Gone;
            }

            return LiveStates.Contains(data.State ?? "") ? JobState.Live
                : string.Equals(data.State, FailedState.StateName, StringComparison.OrdinalIgnoreCase) ? JobState.Failed
                : JobState.Gone;
        }
#pragma warning disable CA1031 // an id the storage cannot read (e.g. from before an in-memory restart) is simply not live
        catch (Exception)
#pragma warning restore CA1031
        {
            return JobState.Gone;
        }
    }

    internal static bool IsJobFor(Type type, IReadOnlyList<object?> args, long id, string step)
        => args.Count > 0 && args[0] is long jobArg && jobArg == id
            && ((step == VerificationStep.Call && type == typeof(PlaceCallJob)) || (step == VerificationStep.Apply && type == typeof(ApplyOutcomeJob)));

    private enum JobState
    {
        None,
        Live,
        Failed,
        Gone,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {Id} was stuck dialing without a call id; marked needs-attention")]
    private static partial void LogStuckDial(ILogger logger, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-drove verification {Id} ({Step}); its job {JobId} was not live ({JobState})")]
    private static partial void LogRedriven(ILogger logger, long id, string step, string jobId, JobState jobState);
}
