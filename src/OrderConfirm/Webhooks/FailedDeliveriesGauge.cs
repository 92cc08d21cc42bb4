using OrderConfirm.Telemetry;

namespace OrderConfirm.Webhooks;

/// orderconfirm_webhook_deliveries_failed: deliveries that failed for good and wait for an operator's retry.
public sealed class FailedDeliveriesGauge(WebhookDeliveries deliveries) : IGaugeSource
{
    public async Task SampleAsync(GaugeReadings readings, CancellationToken cancellationToken)
        => readings.Set(TelemetryCatalog.FailedDeliveries, await deliveries.CountFailedAsync(cancellationToken));
}
