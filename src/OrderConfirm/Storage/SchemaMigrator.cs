using System.Data.Common;
using System.Reflection;
using Dapper;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrderConfirm.Storage;

// Brings our tables (and, on PostgreSQL, Hangfire's) to the current version before anything else starts.
// Two instances starting together serialise on a PostgreSQL advisory lock, so each script runs exactly once.
public sealed partial class SchemaMigrator(Database database, IOptions<StorageOptions> options, ILogger<SchemaMigrator> logger)
{
    // Any constant shared by every OrderConfirm instance; these bytes spell "ORDCONF".
    private const long AdvisoryLockKey = 0x4F5244434F4E46;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Kind == DatabaseKind.PostgreSql)
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
            try
            {
                await ApplyScriptsAsync(connection, "postgres", cancellationToken);
                // Hangfire's own installer runs inside the same lock; its automatic preparation is switched off.
                PostgreSqlObjectsInstaller.Install((NpgsqlConnection)connection, options.Value.HangfireSchema);
            }
            finally
            {
                await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
            }
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition("pragma journal_mode = wal", cancellationToken: cancellationToken));
            await ApplyScriptsAsync(connection, "sqlite", cancellationToken);
        }
    }

    private async Task ApplyScriptsAsync(DbConnection connection, string dialect, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at bigint not null)",
            cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition("select version from schema_migrations", cancellationToken: cancellationToken))).ToHashSet();

        foreach (var script in Scripts(dialect).Where(s => !applied.Contains(s.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into schema_migrations (version, name, applied_at) values (@Version, @Name, @now)",
                new { script.Version, script.Name, now = DateTimeOffset.UtcNow.ToMs() },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, script.Version, script.Name, database.Description);
        }
    }

    internal static IReadOnlyList<MigrationScript> Scripts(string dialect)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var suffix = $".{dialect}.sql";
        return assembly.GetManifestResourceNames()
            .Where(name => name.EndsWith(suffix, StringComparison.Ordinal))
            .Select(name =>
            {
                // OrderConfirm.Storage.Schema.0001_initial.postgres.sql
                var file = name[(name.IndexOf(".Schema.", StringComparison.Ordinal) + ".Schema.".Length)..^suffix.Length];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new MigrationScript(version, file, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name}) to {Database}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string database);
}

internal sealed record MigrationScript(int Version, string Name, string Sql);
