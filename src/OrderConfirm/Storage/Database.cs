using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrderConfirm.Storage;

// The one place that knows which engine holds our tables. Everything else writes SQL that runs on both.
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private Database(NpgsqlDataSource? postgres, string? sqlite, string description)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        Kind = postgres is null ? DatabaseKind.Sqlite : DatabaseKind.PostgreSql;
        Description = description;
    }

    public DatabaseKind Kind { get; }

    // Host and database name, or the file path: safe to log, never the password.
    public string Description { get; }

    public string? PostgresConnectionString => _postgres?.ConnectionString;

    public static Database Create(string? postgresConnectionString, string sqlitePath)
    {
        if (!string.IsNullOrWhiteSpace(postgresConnectionString))
        {
            var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString);
            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = "OrderConfirm";
            }

            var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
            return new Database(dataSource, null, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
        }

        var fullPath = Path.GetFullPath(sqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            ForeignKeys = true,
            Pooling = true,
            // Several Hangfire workers write at once; SQLite serialises writers, so wait instead of failing.
            DefaultTimeout = 30,
        };
        return new Database(null, sqlite.ConnectionString, $"SQLite {fullPath}");
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
