namespace OrderConfirm.Webhooks;

/// While a processor works a batch, refreshes the claim on the rows it has not finished, so a batch slower than
/// Webhooks:ClaimTimeout (slow shop calls) is not taken over by a second processor and applied twice.
internal sealed partial class ClaimHeartbeat(WebhookDeliveries deliveries, string claimant, TimeSpan interval, TimeProvider clock, ILogger logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await deliveries.HeartbeatAsync(claimant, stoppingToken);
                }
#pragma warning disable CA1031 // the batch finished while a refresh was under way; whatever it threw does not matter
                catch (Exception) when (stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    return;
                }
#pragma warning disable CA1031 // the database may be down: the claim ages, and the processor takes it back itself afterwards
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogHeartbeatFailed(logger, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The batch is finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the claim on webhook deliveries being processed ({Error})")]
    private static partial void LogHeartbeatFailed(ILogger logger, string error);
}
