using System.Data.Common;
using Npgsql;

namespace OrderConfirm.Bench;

/// A table's rows, and its bytes with its indexes where the engine can say (null: it cannot).
public sealed record TableSize(long Rows, long? Bytes);

/// The database's side of a burst, read before and after it: commits (pg_stat_database.xact_commit, every committed
/// transaction of every client, Hangfire's and read-only ones included), WAL flushes (pg_stat_wal.wal_sync, the
/// fsyncs a durable commit waits for), and the rows and bytes of every table in the public and hangfire schemas.
/// The counters are null where the engine keeps none (SQLite): the report prints — for them rather than a guess.
public sealed record DatabaseSnapshot(long? Commits, long? WalSyncs, long? WalBytes, IReadOnlyDictionary<string, TableSize> Tables)
{
    public static async Task<DatabaseSnapshot> TakePostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Statistics are sent by each backend at the end of its transaction and read from a snapshot per transaction:
        // ask for a fresh one.
        await using (var clear = new NpgsqlCommand("select pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        long commits, syncs, walBytes;
        await using (var stats = new NpgsqlCommand(
            "select (select xact_commit from pg_stat_database where datname = current_database()), wal_sync, wal_bytes::bigint from pg_stat_wal", connection))
        await using (var reader = await stats.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (commits, syncs, walBytes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var names = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_tables where schemaname in ('public', 'hangfire') order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new SortedDictionary<string, TableSize>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var size = new NpgsqlCommand($"select count(*), pg_total_relation_size('{name}') from {name}", connection);
            await using var reader = await size.ExecuteReaderAsync();
            await reader.ReadAsync();
            tables[name.Replace("\"", "", StringComparison.Ordinal)] = new TableSize(reader.GetInt64(0), reader.GetInt64(1));
        }

        return new DatabaseSnapshot(commits, syncs, walBytes, tables);
    }

    /// How many verifications ended in each (status, write-back) pair: a finished burst shows only confirmed / done.
    /// The distinct kinds come from a subquery: SQLite takes no DISTINCT in an aggregate with a separator.
    public static async Task<IReadOnlyList<(string Status, string WriteBack, long Count)>> OutcomesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "select status || coalesce(' (' || (select string_agg(k.kind, ', ') from (select distinct e.kind from verification_events e where e.verification_id = v.id and e.kind like 'write-back-%') k) || ')', ''), coalesce(write_back, '-'), count(*) from verifications v group by 1, 2 order by 3 desc";
        await using var reader = await command.ExecuteReaderAsync();
        var outcomes = new List<(string, string, long)>();
        while (await reader.ReadAsync())
        {
            outcomes.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return outcomes;
    }

    /// The texts in sms_messages by status, so a text that never went out shows (the stand-in only counts arrivals).
    public static async Task<IReadOnlyList<(string Status, long Count)>> SmsStatusesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "select status, count(*) from sms_messages group by 1 order by 2 desc";
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            statuses.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return statuses;
    }
}
