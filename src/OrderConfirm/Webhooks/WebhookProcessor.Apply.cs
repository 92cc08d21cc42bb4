using System.Security.Cryptography;
using OrderConfirm.Stores;

namespace OrderConfirm.Webhooks;

/// Applying one claimed delivery and recording how it went.
public sealed partial class WebhookProcessor
{
    private async Task ProcessAsync(
        WebhookDeliveries deliveries, StoreRepository stores, IServiceProvider services, ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            // Its attempts were used up by processors that stopped (crashed, killed) while holding it.
            await RecordFailureAsync(deliveries, delivery, "a processor stopped while applying it, every time it was tried", cancellationToken);
            return;
        }

        var stage = "reading the store";
        string result;
        try
        {
            var store = await stores.GetAsync(delivery.StoreId, cancellationToken);
            if (store is null || delivery.Body is null)
            {
                // A deleted store's rows are deleted with it; a row without a body has nothing left to apply.
                await deliveries.CompleteAsync(delivery.Id, Claimant, store is null ? "store deleted" : "nothing to do", cancellationToken);
                return;
            }

            // The platform registered its handler under its key (ShopPlatformRegistration).
            if (services.GetKeyedService<IWebhookHandler>(delivery.Platform) is not { } handler)
            {
                // Another version of the service stored it (a rolling deploy); keep it for one that knows the platform.
                await RecordFailureAsync(deliveries, delivery, $"no handler for platform {delivery.Platform} on this instance", cancellationToken);
                return;
            }

            stage = "decrypting the body";
            var body = protector.Unprotect(delivery.Body, WebhookInbox.BodyPurpose);
            stage = "applying";
            result = await handler.HandleAsync(store, delivery.Topic, body, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (DatabaseOutage.IsCause(ex))
        {
            // Nothing is wrong with the delivery: no attempt is counted, and the batch is given back (see above).
            throw;
        }
#pragma warning disable CA1031 // one bad delivery must not stop the others; it is retried, then kept as failed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await RecordFailureAsync(deliveries, delivery, Describe(stage, ex), cancellationToken);
            return;
        }

        await deliveries.CompleteAsync(delivery.Id, Claimant, result, cancellationToken);
    }

    private async Task RecordFailureAsync(WebhookDeliveries deliveries, ClaimedDelivery delivery, string error, CancellationToken cancellationToken)
    {
        var status = await deliveries.RecordFailureAsync(delivery, Claimant, error, cancellationToken);
        if (status == "failed")
        {
            LogGaveUp(logger, delivery.Id, delivery.Topic, delivery.Attempts + 1, error);
        }
        else
        {
            LogDeliveryFailed(logger, delivery.Id, delivery.Topic, delivery.Attempts + 1, error);
        }
    }

    // What the operator sees as the last error: the step and the exception type. Only decryption messages are kept
    // (ours name a key id, never a key); other messages may quote data from the body.
    private static string Describe(string stage, Exception ex)
        => ex is CryptographicException
            ? $"{stage}: {ex.GetType().Name}: {ex.Message}"
            : $"{stage}: {ex.GetType().Name}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} ({Topic}) failed attempt {Attempt} ({Error}); it will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, long id, string topic, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {Id} ({Topic}) failed {Attempts} times and is given up ({Error}); its body is kept for a replay (POST /api/webhook-deliveries/<id>/retry)")]
    private static partial void LogGaveUp(ILogger logger, long id, string topic, int attempts, string error);
}
