using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrderConfirm.Bench;

/// Where the burst's service keeps its data, and what the bench can read of it before and after the burst.
public interface IBurstDatabase : IAsyncDisposable
{
    /// For the settings line and the table's row label.
    string Name { get; }

    /// Points the service at this database (its connection string, or its embedded file).
    void Configure(IDictionary<string, string> settings);

    Task<DatabaseSnapshot> TakeAsync();

    Task<IReadOnlyList<(string Status, string WriteBack, long Count)>> OutcomesAsync();

    Task<IReadOnlyList<(string Status, long Count)>> SmsStatusesAsync();

    Task ResetStatementsAsync();

    Task PrintStatementsAsync(int orders);

    /// How many Hangfire jobs each service process ran, to show that a second worker process took its share.
    Task PrintJobsPerProcessAsync(IReadOnlyList<int> processIds);
}

/// A throwaway PostgreSQL cluster with fsync on; Hangfire's tables live in it too. Any number of service processes.
public sealed class PostgresBurstDatabase(ThrowawayPostgres cluster) : IBurstDatabase
{
    private string ConnectionString => cluster.ConnectionString("orderconfirm");

    public string Name => "PostgreSQL";

    public static async Task<PostgresBurstDatabase> StartAsync() => new(await ThrowawayPostgres.StartAsync(countStatements: true));

    public void Configure(IDictionary<string, string> settings) => settings["ConnectionStrings:OrderConfirm"] = ConnectionString;

    public Task<DatabaseSnapshot> TakeAsync() => DatabaseSnapshot.TakePostgresAsync(ConnectionString);

    public async Task<IReadOnlyList<(string Status, string WriteBack, long Count)>> OutcomesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return await DatabaseSnapshot.OutcomesAsync(connection);
    }

    public async Task<IReadOnlyList<(string Status, long Count)>> SmsStatusesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return await DatabaseSnapshot.SmsStatusesAsync(connection);
    }

    public Task ResetStatementsAsync() => StatementProfile.ResetAsync(ConnectionString);

    public Task PrintStatementsAsync(int orders) => StatementProfile.PrintAsync(ConnectionString, orders);

    public async Task PrintJobsPerProcessAsync(IReadOnlyList<int> processIds)
    {
        // A Processing state names its server, "{machine}:{pid}:{guid}": the pid says which process ran the job.
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select split_part(data::jsonb ->> 'ServerId', ':', 2), count(*) from hangfire.state where name = 'Processing' group by 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            jobs[reader.IsDBNull(0) ? "?" : reader.GetString(0)] = reader.GetInt64(1);
        }

        var shares = processIds.Select((pid, i) => $"process {i + 1} (pid {pid}) {jobs.GetValueOrDefault(pid.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        Console.WriteLine($"Hangfire jobs run (the whole run, recurring ones included): {string.Join(", ", shares)} of {jobs.Values.Sum()}.");
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}

/// The embedded default: a new SQLite file (WAL, the service's own settings) in a temp folder, Hangfire's queue in
/// the service's memory. SQLite counts neither commits nor WAL syncs, and has no pg_stat_statements: those stay null.
public sealed class SqliteBurstDatabase : IBurstDatabase
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"orderconfirm-bench-sqlite-{Guid.NewGuid():N}");

    private SqliteBurstDatabase() => Directory.CreateDirectory(_directory);

    public string Name => "SQLite + in-memory Hangfire";

    private string FilePath => Path.Combine(_directory, "orderconfirm.db");

    // Not pooled, so the bench holds no handle on the file between its reads.
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false, DefaultTimeout = 30 }.ConnectionString;

    public static SqliteBurstDatabase Create() => new();

    public void Configure(IDictionary<string, string> settings)
    {
        // Empty, explicitly: a PostgreSQL connection string in the bench's own environment must not reach the service.
        settings["ConnectionStrings:OrderConfirm"] = "";
        settings["Storage:SqlitePath"] = FilePath;
    }

    public async Task<DatabaseSnapshot> TakeAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        var bytes = await BytesByTableAsync(connection);
        var tables = new SortedDictionary<string, TableSize>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"select count(*) from \"{name}\"";
            var rows = (long)(await count.ExecuteScalarAsync())!;
            tables[name] = new TableSize(rows, bytes?.GetValueOrDefault(name));
        }

        return new DatabaseSnapshot(null, null, null, tables);
    }

    public async Task<IReadOnlyList<(string Status, string WriteBack, long Count)>> OutcomesAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await DatabaseSnapshot.OutcomesAsync(connection);
    }

    public async Task<IReadOnlyList<(string Status, long Count)>> SmsStatusesAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await DatabaseSnapshot.SmsStatusesAsync(connection);
    }

    public Task ResetStatementsAsync() => Task.CompletedTask;

    public Task PrintJobsPerProcessAsync(IReadOnlyList<int> processIds) => Task.CompletedTask;

    public Task PrintStatementsAsync(int orders)
    {
        Console.WriteLine();
        Console.WriteLine("Statements per verified order: — (pg_stat_statements is PostgreSQL's; SQLite counts no statements or commits).");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    // A table's pages and its indexes' (dbstat), as pg_total_relation_size counts them; null where SQLite was built
    // without the dbstat table, rather than a number the bench cannot back.
    private static async Task<Dictionary<string, long>?> BytesByTableAsync(SqliteConnection connection)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "select m.tbl_name, sum(d.pgsize) from dbstat d join sqlite_master m on m.name = d.name group by m.tbl_name";
            await using var reader = await command.ExecuteReaderAsync();
            var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                bytes[reader.GetString(0)] = reader.GetInt64(1);
            }

            return bytes;
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
