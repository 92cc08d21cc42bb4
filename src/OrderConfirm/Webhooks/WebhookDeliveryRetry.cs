namespace OrderConfirm.Webhooks;

/// An operator's replay of one delivery: one rule for the admin API (POST /api/webhook-deliveries/{id}/retry) and the
/// merchant pages' /attention. The requeue is a conditional update (WebhookDeliveries.RequeueAsync), so a retry that
/// races the processor either puts it back whole or is refused with why.
public sealed class WebhookDeliveryRetry(WebhookDeliveries deliveries, WebhookSignal signal)
{
    public async Task<DeliveryRetryResult> RetryAsync(long id, CancellationToken cancellationToken)
    {
        if (await deliveries.GetAsync(id, cancellationToken) is not { } row)
        {
            return new DeliveryRetryResult.NotFound();
        }

        if (!await deliveries.RequeueAsync(id, cancellationToken))
        {
            var why = row.Status switch
            {
                "done" => DeliveryRetryRefusal.Applied,
                "processing" => DeliveryRetryRefusal.BeingWorked,
                _ => DeliveryRetryRefusal.BodyGone,
            };
            return new DeliveryRetryResult.Refused(row.Status, why);
        }

        signal.Notify();
        return await deliveries.GetAsync(id, cancellationToken) is { } requeued ? new DeliveryRetryResult.Retried(requeued) : new DeliveryRetryResult.NotFound();
    }
}

/// Why a delivery cannot be retried: it was applied (its body is gone with it), it is being applied right now, or its
/// body is gone (erased after the retention period, or it failed before bodies were kept).
public enum DeliveryRetryRefusal
{
    Applied,
    BeingWorked,
    BodyGone,
}

/// What a retry came to: due again at once (the row as it now is), no such delivery, or refused in its state.
public abstract record DeliveryRetryResult
{
    private DeliveryRetryResult()
    {
    }

    public sealed record Retried(WebhookDeliveryRow Delivery) : DeliveryRetryResult;

    public sealed record NotFound : DeliveryRetryResult;

    public sealed record Refused(string Status, DeliveryRetryRefusal Why) : DeliveryRetryResult;
}
