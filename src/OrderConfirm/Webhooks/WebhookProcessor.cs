using System.Security.Cryptography;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Webhooks;

/// Works through the stored deliveries in arrival order, outside any request. Runs on worker instances.
public sealed partial class WebhookProcessor(IServiceScopeFactory scopes, WebhookSignal signal, SecretProtector protector, ILogger<WebhookProcessor> logger)
    : BackgroundService
{
    private const int BatchSize = 100;
    private const int MaxAttempts = 8;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int processed;
            try
            {
                processed = await ProcessBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the database may be down for a while; keep the loop alive and try again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogBatchFailed(logger, ex.GetType().Name);
                processed = 0;
            }

            if (processed < BatchSize)
            {
                try
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var deliveries = scope.ServiceProvider.GetRequiredService<WebhookDeliveries>();
        var stores = scope.ServiceProvider.GetRequiredService<StoreRepository>();
        var handlers = scope.ServiceProvider.GetServices<IWebhookHandler>().ToDictionary(h => h.Platform, StringComparer.Ordinal);
        var batch = await deliveries.ClaimAsync(BatchSize, cancellationToken);
        foreach (var delivery in batch)
        {
            try
            {
                var store = await stores.GetAsync(delivery.StoreId, cancellationToken);
                if (store is null || delivery.Body is null || !handlers.TryGetValue(delivery.Platform, out var handler))
                {
                    await deliveries.CompleteAsync(delivery.Id, store is null ? "store deleted" : "nothing to do", cancellationToken);
                    continue;
                }

                var body = protector.Unprotect(delivery.Body, WebhookInbox.BodyPurpose);
                var result = await handler.HandleAsync(store, delivery.Topic, body, cancellationToken);
                await deliveries.CompleteAsync(delivery.Id, result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (CryptographicException)
            {
                await deliveries.CompleteAsync(delivery.Id, "body unreadable: encryption key not configured", cancellationToken);
            }
#pragma warning disable CA1031 // one bad delivery must not stop the others; it is retried, then marked failed
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDeliveryFailed(logger, delivery.Id, delivery.Topic, ex.GetType().Name);
                await deliveries.RetryLaterAsync(delivery.Id, ex.GetType().Name, MaxAttempts, delivery.Attempts, cancellationToken);
            }
        }

        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing webhook deliveries failed ({Error}); trying again shortly")]
    private static partial void LogBatchFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} ({Topic}) failed ({Error}); it will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, long id, string topic, string error);
}
