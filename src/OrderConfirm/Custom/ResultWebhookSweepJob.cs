using System.ComponentModel;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.Custom;

/// Every 15 s: tells custom shops with a result webhook about verifications that turned needs-attention (no Robo Call
/// key, a call whose status could not be read, a dial whose outcome is unknown), and queues again any event whose
/// delivery job was lost. A needs-attention turn is recorded as an event before its job is queued, with an id made of
/// the turn (the verification's updated_at), so a sweep run twice, or two instances sweeping, record it once.
public sealed partial class ResultWebhookSweepJob(
    StoreRepository stores,
    VerificationRepository verifications,
    ResultDeliveries deliveries,
    IBackgroundJobClient jobs,
    IOptionsMonitor<ResultWebhookOptions> options,
    TimeProvider clock,
    ILogger<ResultWebhookSweepJob> logger)
{
    public const string CronKey = "Jobs:ResultWebhooksCron";

    public const string DefaultCron = "*/15 * * * * *";

    // A delivery job may wait this long in a busy queue before the sweep queues its event again.
    internal static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(5);

    private const int PerRun = 500;

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Result webhooks: tell custom shops of needs-attention, resend lost deliveries")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await RecordNeedsAttentionAsync(now, cancellationToken);
        foreach (var id in await deliveries.TakeOverdueAsync(now, LostAfter, PerRun, cancellationToken))
        {
            jobs.Enqueue<ResultDeliveryJob>(j => j.RunAsync(id, CancellationToken.None));
            LogRequeued(logger, id);
        }
    }

    private async Task RecordNeedsAttentionAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var listening = (await stores.ListSettingsAsync(CustomPlatform.Key, cancellationToken))
            .Where(s => !string.IsNullOrWhiteSpace(s.Settings.Section<CustomShopSettings>().ResultWebhookUrl))
            .Select(s => s.Id)
            .ToList();
        if (listening.Count == 0)
        {
            return;
        }

        var since = now - options.CurrentValue.SweepLookback;
        foreach (var storeId in listening)
        {
            foreach (var id in await deliveries.AttentionWithoutEventAsync(storeId, since, PerRun, cancellationToken))
            {
                await RecordAsync(id, now, cancellationToken);
            }
        }
    }

    private async Task RecordAsync(long verificationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(verificationId, cancellationToken) is not { Status: VerificationStatus.NeedsAttention } verification)
        {
            return; // it moved on since the look (a redial): its new turn is told when it comes
        }

        var eventId = string.Create(CultureInfo.InvariantCulture, $"msg_{verification.Id}_{verification.Attempt}_needs-attention_{verification.UpdatedAt}");
        var payload = ResultPayloads.NeedsAttention(verification.StoreId, verification, now);
        var delivery = await deliveries.RecordAsync(verification.StoreId, verification.Id, eventId, VerificationStatus.NeedsAttention, payload, now, cancellationToken);
        if (delivery.Attempts == 0 && delivery.DeliveredAt is null && delivery.FailedAt is null)
        {
            jobs.Enqueue<ResultDeliveryJob>(j => j.RunAsync(delivery.Id, CancellationToken.None));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result delivery {Id} was overdue with no run holding it (its job was lost); queued again")]
    private static partial void LogRequeued(ILogger logger, long id);
}
