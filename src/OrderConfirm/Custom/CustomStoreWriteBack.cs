using System.Globalization;
using Hangfire;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Custom;

// A custom shop has no admin API of ours to write to; it reads the outcome from GET /api/verifications/{id}, and, when
// it set settings.resultWebhookUrl, is told by a signed POST. The write-back is the place for that: it runs once per
// final outcome, after the outcome is committed, under the write-back's own retries. The event is recorded in
// result_deliveries first and the delivery job queued after, so a queue that is down loses nothing: the write-back
// fails, retries, finds the event recorded and queues it again (the job sends an event only once).
public sealed class CustomStoreWriteBack(ResultDeliveries deliveries, IBackgroundJobClient jobs, TimeProvider clock) : IOrderWriteBack
{
    public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(store.Settings.Section<CustomShopSettings>().ResultWebhookUrl))
        {
            return new WriteBackResult.Done($"Outcome '{turn.Status}' recorded; a custom shop reads it from the API");
        }

        // One event per outcome of a dial: writing the same outcome again (retry-write-back) is the same event.
        var eventId = string.Create(CultureInfo.InvariantCulture, $"msg_{verification.Id}_{verification.Attempt}_{turn.Status}");
        var delivery = await deliveries.RecordAsync(store.Id, verification.Id, eventId, turn.Status, ResultPayloads.Outcome(store.Id, verification, turn.Status, clock.GetUtcNow()), clock.GetUtcNow(), cancellationToken);
        if (delivery.DeliveredAt is null && delivery.FailedAt is null)
        {
            jobs.Enqueue<ResultDeliveryJob>(j => j.RunAsync(delivery.Id, CancellationToken.None));
        }

        return new WriteBackResult.Done($"Outcome '{turn.Status}' recorded; result webhook {eventId} queued");
    }
}
