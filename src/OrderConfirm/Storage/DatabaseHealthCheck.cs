using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderConfirm.Storage;

public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("select count(*) from schema_migrations", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy(database.Kind.ToString());
        }
#pragma warning disable CA1031 // any failure here means "not ready", and the probe must answer rather than throw
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"{database.Kind} is not reachable: {ex.GetType().Name}");
        }
    }
}
