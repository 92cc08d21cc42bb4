using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;

namespace OrderConfirm.IntegrationTests.Storage;

[Collection(SharedInfrastructure.Name)]
public sealed class SchemaMigratorTests(PostgresCluster postgres)
{
    [Fact]
    public async Task Instances_starting_at_the_same_moment_migrate_once_without_errors()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var databases = Enumerable.Range(0, 6).Select(_ => Database.Create(connectionString, "unused.db")).ToList();

        // Six instances race; the advisory lock lets one apply each script and the others find it done.
        await Task.WhenAll(databases.Select(db => Task.Run(() =>
            new SchemaMigrator(db, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None))));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(SchemaMigrator.Scripts("postgres").Count, await CountAsync(connection, "select count(*) from schema_migrations"));
        Assert.Equal(1, await CountAsync(connection, "select count(*) from information_schema.tables where table_name = 'verifications'"));
        Assert.True(await CountAsync(connection, "select count(*) from information_schema.tables where table_schema = 'hangfire'") > 5);
        foreach (var db in databases)
        {
            await db.DisposeAsync();
        }
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
