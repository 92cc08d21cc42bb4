using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Webhooks;

/// Works through the stored deliveries outside any request. Runs on worker instances.
/// It claims deliveries as room frees up and applies them in lanes (DeliveryLanes): one order's deliveries in arrival
/// order, different orders and different stores at once, so a shop's round trip no longer sets the pace of every
/// delivery behind it and one store's burst or slow host does not hold another store's orders.
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
    private static readonly TimeSpan ClaimPause = TimeSpan.FromMilliseconds(100);

    // Set by a lane whose delivery was cut off by the database (or failed in a way no attempt can be charged for):
    // the processor stops claiming, lets the lanes finish, gives back what is left and starts again.
    private volatile bool _interrupted;

    // Names this processor's claims; unique per instance so two processors never mistake each other's rows.
    internal string Claimant { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var lanes = new DeliveryLanes(settings.Concurrency, settings.PerStoreConcurrency, signal.Notify);
        await using var scope = scopes.CreateAsyncScope();
        var deliveries = scope.ServiceProvider.GetRequiredService<WebhookDeliveries>();
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = new ClaimHeartbeat(deliveries, Claimant, settings.HeartbeatInterval, clock, logger).RunAsync(stopHeartbeat.Token);
        var takeBackOwn = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_interrupted)
                {
                    // Nothing is wrong with the deliveries: what was not finished is given back at once, uncounted,
                    // instead of waiting out the stale-claim limit. If even that fails, the next claim takes it back.
                    await lanes.DrainAsync();
                    takeBackOwn = !await ReleaseAsync(deliveries);
                    _interrupted = false;
                    await WaitAsync(stoppingToken);
                    continue;
                }

                var room = lanes.Capacity - lanes.Queued;
                var claimed = 0;
                if (room > 0)
                {
                    try
                    {
                        claimed = await ClaimIntoAsync(lanes, deliveries, new DeliveryClaim(room, lanes.StoreTake, lanes.Busy(), takeBackOwn), stoppingToken);
                        takeBackOwn = false;
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
                    }
                }

                // A full claim may have left more behind; otherwise wait for a new delivery or for lanes to free up
                // (they signal when a store, or the processor, is down to half its queue). Not sooner than
                // ClaimPause after a short claim: during a flood of webhooks the inbox signals on every commit, and
                // a claim on each would take the intake's CPU for rows that can wait a tenth of a second.
                if (room == 0 || claimed < room)
                {
                    await WaitAsync(stoppingToken);
                    await Task.Delay(ClaimPause, clock, stoppingToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                }
            }
        }
        finally
        {
            // Stopping: running handlers see the token and every waiting delivery is skipped, then given back.
            await lanes.DrainAsync();
            await stopHeartbeat.CancelAsync();
            await heartbeat;
            await ReleaseAsync(deliveries);
        }
    }

    /// One claim of up to a batch, applied in lanes and waited for: what a processor does in one turn, for tests that
    /// drive it by hand. Throws when it was stopped or cut off, after giving back what it did not finish.
    internal async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var lanes = new DeliveryLanes(settings.Concurrency, settings.PerStoreConcurrency, () => { });
        await using var scope = scopes.CreateAsyncScope();
        var deliveries = scope.ServiceProvider.GetRequiredService<WebhookDeliveries>();
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = new ClaimHeartbeat(deliveries, Claimant, settings.HeartbeatInterval, clock, logger).RunAsync(stopHeartbeat.Token);
        int claimed;
        try
        {
            claimed = await ClaimIntoAsync(lanes, deliveries, new DeliveryClaim(BatchSize, BatchSize, [], TakeBackOwn: true), cancellationToken);
        }
        finally
        {
            await lanes.DrainAsync();
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        if (cancellationToken.IsCancellationRequested || _interrupted)
        {
            _interrupted = false;
            await ReleaseAsync(deliveries);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("The batch was cut off; its unfinished deliveries were given back.");
        }

        return claimed;
    }

    private async Task<int> ClaimIntoAsync(DeliveryLanes lanes, WebhookDeliveries deliveries, DeliveryClaim claim, CancellationToken stoppingToken)
    {
        var batch = await deliveries.ClaimAsync(Claimant, claim, stoppingToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Handlers know where a body's order id is; one instance per platform serves this claim's keys.
        await using var keyScope = scopes.CreateAsyncScope();
        var handlers = new Dictionary<string, IWebhookHandler?>(StringComparer.Ordinal);
        foreach (var delivery in batch)
        {
            if (!handlers.TryGetValue(delivery.Platform, out var handler))
            {
                handler = keyScope.ServiceProvider.GetKeyedService<IWebhookHandler>(delivery.Platform);
                handlers[delivery.Platform] = handler;
            }

            lanes.Schedule(delivery.StoreId, OrderKeyOf(handler, delivery), () => RunAsync(delivery, stoppingToken));
        }

        return batch.Count;
    }

    // Null (the delivery runs alone in its store's lane) whenever the key cannot be read: the body fails to decrypt
    // or parse, which its own run reports properly.
    private string? OrderKeyOf(IWebhookHandler? handler, ClaimedDelivery delivery)
    {
        if (handler is null || delivery.Body is null)
        {
            return null;
        }

        try
        {
            return handler.OrderKeyOf(delivery.Topic, protector.Unprotect(delivery.Body, WebhookInbox.BodyPurpose));
        }
#pragma warning disable CA1031 // a key is an optimisation; without one the delivery is applied alone, and fails there
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    // One delivery in its lane, in a scope of its own (repositories and handlers are not shared between lanes).
    private async Task RunAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested || _interrupted)
        {
            return; // left claimed; given back with the rest
        }

        try
        {
            using var span = OrderTraces.Start("process webhook", delivery.TraceParent, ("orderconfirm.platform", delivery.Platform), ("orderconfirm.topic", delivery.Topic), ("orderconfirm.delivery_id", delivery.Id));
            await using var scope = scopes.CreateAsyncScope();
            var deliveries = scope.ServiceProvider.GetRequiredService<WebhookDeliveries>();
            var stores = scope.ServiceProvider.GetRequiredService<StoreRepository>();
            await ProcessAsync(deliveries, stores, scope.ServiceProvider, delivery, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: given back with the rest.
        }
#pragma warning disable CA1031 // the database went away (or the bookkeeping failed): the processor gives everything back
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!_interrupted)
            {
                LogBatchFailed(logger, ex.GetType().Name);
            }

            _interrupted = true;
            signal.Notify();
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(IdlePoll, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop ends.
        }
    }

    private async Task<bool> ReleaseAsync(WebhookDeliveries deliveries)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await deliveries.ReleaseAsync(Claimant, timeout.Token);
            return true;
        }
#pragma warning disable CA1031 // best effort: the claims come back on this processor's next batch or after Webhooks:ClaimTimeout
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReleaseFailed(logger, ex.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing webhook deliveries failed ({Error}); unfinished ones are given back and tried again shortly")]
    private static partial void LogBatchFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give back unfinished webhook deliveries ({Error}); this processor takes them back on its next batch")]
    private static partial void LogReleaseFailed(ILogger logger, string error);
}
