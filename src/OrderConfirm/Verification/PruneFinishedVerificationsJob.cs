using System.ComponentModel;
using Hangfire;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

/// Recurring: every SMS, every WooCommerce note and every step of a verification leaves rows behind (sms_messages,
/// woocommerce_notes, verification_events), so a busy service grows them for good. Each kind registers an
/// IRetentionPruner with its own keep period; this job deletes, for verifications finished longer ago than that
/// period, their rows in batches of a few thousand, at most MaxBatchesPerRun batches of each kind a run: a backlog (the
/// first run after an upgrade) is worked off over several runs and no statement holds a table for long.
public sealed partial class PruneFinishedVerificationsJob(
    IEnumerable<IRetentionPruner> pruners,
    TimeProvider clock,
    ILogger<PruneFinishedVerificationsJob> logger)
{
    internal const int MaxBatchesPerRun = 50;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Forget the SMS and note ledgers and the timelines of verifications finished long ago")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var pruner in pruners)
        {
            var keep = pruner.Keep;
            var total = 0;
            var full = true;
            for (var batch = 0; batch < MaxBatchesPerRun && full && !cancellationToken.IsCancellationRequested; batch++)
            {
                var pruned = await pruner.DeleteBatchAsync(now - keep, cancellationToken);
                total += pruned.Deleted;
                full = pruned.Full;
            }

            if (total > 0)
            {
                LogPruned(logger, total, pruner.What, keep, pruner.KeepKey, full ? " (more next run)" : "");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} {What} of verifications finished more than {Keep} ago ({Key}){More}")]
    private static partial void LogPruned(ILogger logger, int count, string what, TimeSpan keep, string key, string more);
}
