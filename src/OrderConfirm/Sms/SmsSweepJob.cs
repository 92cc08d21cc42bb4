using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Re-drives SMS whose job was lost: an sms_due row past its time (plus the sweeper's grace) gets its job queued again
/// and its time moved on, so a job that is merely slow is not queued every minute. A duplicate job is harmless (the send
/// is claimed once). After MaxRedrives the SMS is given up on, on its timeline.
public sealed partial class SmsSweepJob(
    SmsDue due,
    SmsDispatcher dispatcher,
    VerificationRepository verifications,
    IOptionsMonitor<JobsOptions> jobsOptions,
    TimeProvider clock,
    ILogger<SmsSweepJob> logger)
{
    internal const int MaxRedrives = 10;

    private const int Batch = 500;

    internal static readonly TimeSpan RedriveEvery = TimeSpan.FromMinutes(5);

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Sweep: re-drive SMS whose job was lost")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var row in await due.OverdueAsync(now - jobsOptions.CurrentValue.SweeperGrace, Batch, cancellationToken))
        {
            if (!await due.TakeAsync(row, now + RedriveEvery, cancellationToken))
            {
                continue;
            }

            if (row.Redrives >= MaxRedrives)
            {
                await due.DoneAsync(row.VerificationId, row.Event, row.Version, cancellationToken);
                await verifications.AddEventAsync(row.VerificationId, "sms", $"SMS {row.Event} was re-driven {MaxRedrives} times without its job finishing; it is given up on", cancellationToken);
                LogGivenUp(logger, row.Event, row.VerificationId);
                continue;
            }

            LogRedriven(logger, row.Event, row.VerificationId);
            dispatcher.EnqueueSingle(row.VerificationId, row.Event);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Event} SMS of verification {Id} had no job past its due time; queued again")]
    private static partial void LogRedriven(ILogger logger, string @event, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Event} SMS of verification {Id} never finished after repeated re-drives; given up")]
    private static partial void LogGivenUp(ILogger logger, string @event, long id);
}
