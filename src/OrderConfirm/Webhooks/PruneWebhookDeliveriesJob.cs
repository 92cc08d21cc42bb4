using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Webhooks;

/// Recurring: the inbox keeps a row for every delivery it took (about 3.5 KB each with its indexes), so every sale
/// grows it for good. A delivery applied more than Webhooks:KeepAppliedFor ago is deleted, in batches so no one
/// statement holds the table for long. Failed deliveries stay for the operator (their bodies expire with personal
/// data, and the expired rows then go the same way).
public sealed partial class PruneWebhookDeliveriesJob(
    WebhookDeliveries deliveries,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock,
    ILogger<PruneWebhookDeliveriesJob> logger)
{
    public const string CronKey = "Jobs:PruneDeliveriesCron";

    public const string DefaultCron = "53 * * * *";

    private const int BatchSize = 1000;

    // A backlog (the first run after an upgrade) is worked off over several runs.
    private const int MaxBatchesPerRun = 100;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60 * 6)]
    [DisplayName("Forget webhook deliveries applied long ago")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var keep = options.CurrentValue.KeepAppliedFor;
        var cutoff = clock.GetUtcNow() - keep;
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun && !cancellationToken.IsCancellationRequested; batch++)
        {
            var deleted = await deliveries.PruneFinishedAsync(cutoff, BatchSize, cancellationToken);
            total += deleted;
            if (deleted < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogPruned(logger, total, keep);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} webhook deliveries applied more than {Keep} ago (Webhooks:KeepAppliedFor)")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan keep);
}
