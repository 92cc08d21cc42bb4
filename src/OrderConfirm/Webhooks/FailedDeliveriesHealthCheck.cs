using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderConfirm.Webhooks;

/// Deliveries that gave up need a person (a missing encryption key, a handler bug): Degraded, which still answers 200
/// so a load balancer keeps the instance, but shows on /health/ready until they are replayed or applied.
public sealed class FailedDeliveriesHealthCheck(WebhookDeliveries deliveries) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long failed;
        try
        {
            failed = await deliveries.CountFailedAsync(cancellationToken);
        }
#pragma warning disable CA1031 // an unreachable database is the database check's to report; this one only counts
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Degraded($"Failed webhook deliveries could not be counted ({ex.GetType().Name})");
        }

        var data = new Dictionary<string, object> { ["failed"] = failed };
        return failed == 0
            ? HealthCheckResult.Healthy("No failed webhook deliveries", data)
            : HealthCheckResult.Degraded($"{failed} webhook deliveries failed and wait for a replay (GET /api/webhook-deliveries?status=failed)", data: data);
    }
}
