using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Webhooks;

/// Works through the stored deliveries in arrival order, outside any request. Runs on worker instances.
/// A delivery's body is dropped only once its handler has applied it; anything else is retried with growing delays and
/// finally kept as failed for an operator to replay.
public sealed partial class WebhookProcessor(
    IServiceScopeFactory scopes,
    WebhookSignal signal,
    SecretProtector protector,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookProcessor> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    // Names this processor's claims; unique per instance so two processors never mistake each other's rows.
    internal string Claimant { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

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
        var batch = await deliveries.ClaimAsync(Claimant, BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var stores = scope.ServiceProvider.GetRequiredService<StoreRepository>();
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = new ClaimHeartbeat(deliveries, Claimant, options.Value.HeartbeatInterval, clock, logger).RunAsync(stopHeartbeat.Token);
        try
        {
            foreach (var delivery in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ProcessAsync(deliveries, stores, scope.ServiceProvider, delivery, cancellationToken);
            }
        }
        catch
        {
            // Stopping, or the database went away: what was not finished is given back at once, uncounted, instead of
            // waiting out the stale-claim limit. If even that fails, this processor takes it back on its next batch.
            await stopHeartbeat.CancelAsync();
            await heartbeat;
            await ReleaseAsync(deliveries);
            throw;
        }

        await stopHeartbeat.CancelAsync();
        await heartbeat;
        return batch.Count;
    }

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

    private async Task ReleaseAsync(WebhookDeliveries deliveries)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await deliveries.ReleaseAsync(Claimant, timeout.Token);
        }
#pragma warning disable CA1031 // best effort: the claims come back on this processor's next batch or after Webhooks:ClaimTimeout
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReleaseFailed(logger, ex.GetType().Name);
        }
    }

    // What the operator sees as the last error: the step and the exception type. Only decryption messages are kept
    // (ours name a key id, never a key); other messages may quote data from the body.
    private static string Describe(string stage, Exception ex)
        => ex is CryptographicException
            ? $"{stage}: {ex.GetType().Name}: {ex.Message}"
            : $"{stage}: {ex.GetType().Name}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing webhook deliveries failed ({Error}); trying again shortly")]
    private static partial void LogBatchFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} ({Topic}) failed attempt {Attempt} ({Error}); it will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, long id, string topic, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {Id} ({Topic}) failed {Attempts} times and is given up ({Error}); its body is kept for a replay (POST /api/webhook-deliveries/<id>/retry)")]
    private static partial void LogGaveUp(ILogger logger, long id, string topic, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give back unfinished webhook deliveries ({Error}); this processor takes them back on its next batch")]
    private static partial void LogReleaseFailed(ILogger logger, string error);
}
