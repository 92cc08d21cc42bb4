namespace OrderConfirm.Storage;

// Registered before the Hangfire server so the schema exists before the first job or request touches it.
public sealed class MigrationHostedService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
