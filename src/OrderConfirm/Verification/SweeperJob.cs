using System.ComponentModel;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;
using OrderConfirm.Hosting;
using OrderConfirm.RoboCall;

namespace OrderConfirm.Verification;

// Recurring safety net. The verifications table is the truth and Hangfire only the executor: when a job is lost
// (in-memory queue restarted, job deleted in the dashboard, a crash) the row is still due, and this finds it.
public sealed partial class SweeperJob(
    VerificationRepository verifications,
    JobDispatcher dispatcher,
    JobStorage storage,
    IOptionsMonitor<JobsOptions> jobsOptions,
    IOptionsMonitor<RoboCallOptions> roboCallOptions,
    TimeProvider clock,
    ILogger<SweeperJob> logger)
{
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
        var stuckBefore = now - roboCallOptions.CurrentValue.DialTimeout - TimeSpan.FromMinutes(1);
        foreach (var id in await verifications.StuckDialsAsync(stuckBefore, cancellationToken))
        {
            await verifications.NeedsAttentionAsync(
                id,
                VerificationStep.Dialing,
                "Dial outcome unknown: the dial started but no call id was recorded (the worker stopped or the request hung). The customer may have been called; not redialled automatically.",
                cancellationToken);
            LogStuckDial(logger, id);
        }

        var cutoff = now - jobsOptions.CurrentValue.SweeperGrace;
        foreach (var (id, step, jobId) in await verifications.DueStepsAsync(cutoff, 500, cancellationToken))
        {
            if (jobId is not null && IsLive(jobId))
            {
                continue;
            }

            await dispatcher.DispatchAsync(id, step, now, jobId, cancellationToken);
            LogRedriven(logger, id, step, jobId ?? "none");
        }
    }

    private bool IsLive(string jobId)
    {
        try
        {
            using var connection = storage.GetConnection();
            return connection.GetStateData(jobId) is { } state && LiveStates.Contains(state.Name);
        }
#pragma warning disable CA1031 // an id the storage cannot read (e.g. from before an in-memory restart) is simply not live
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {Id} was stuck dialing without a call id; marked needs-attention")]
    private static partial void LogStuckDial(ILogger logger, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-drove verification {Id} ({Step}); its job {JobId} was no longer live")]
    private static partial void LogRedriven(ILogger logger, long id, string step, string jobId);
}
