using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Webhooks;

/// Recurring: the inbox keeps a row for every delivery it took (about 3.5 KB each with its indexes), so every sale
/// grows it for good. A delivery applied more than Webhooks:KeepAppliedFor ago is deleted, in batches so no one
/// statement holds the table for long. Failed deliveries stay for the operator (their bodies expire with personal
/// data, and the expired rows then go the same way). The marks of orders the shop closed (shop_orders, one per
/// cancelled or fulfilled order) go after the same time: by then no retry or reconciliation of that order's creation
/// is due, and an order that may still be called keeps its mark.
public sealed partial class PruneWebhookDeliveriesJob(
    WebhookDeliveries deliveries,
    ShopOrders shopOrders,
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
    [DisplayName("Forget webhook deliveries and closed orders seen long ago")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var keep = options.CurrentValue.KeepAppliedFor;
        var cutoff = clock.GetUtcNow() - keep;
        var deliveriesDeleted = await InBatchesAsync(limit => deliveries.PruneFinishedAsync(cutoff, limit, cancellationToken), cancellationToken);
        var marksDeleted = await InBatchesAsync(limit => shopOrders.PruneAsync(cutoff, limit, cancellationToken), cancellationToken);
        if (deliveriesDeleted + marksDeleted > 0)
        {
            LogPruned(logger, deliveriesDeleted, marksDeleted, keep);
        }
    }

    private static async Task<int> InBatchesAsync(Func<int, Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun && !cancellationToken.IsCancellationRequested; batch++)
        {
            var deleted = await deleteBatch(BatchSize);
            total += deleted;
            if (deleted < BatchSize)
            {
                break;
            }
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Deliveries} webhook deliveries applied and {Marks} closed-order marks made more than {Keep} ago (Webhooks:KeepAppliedFor)")]
    private static partial void LogPruned(ILogger logger, int deliveries, int marks, TimeSpan keep);
}
