using System.Globalization;
using Npgsql;

namespace OrderConfirm.Bench;

/// Where the burst's commits come from: pg_stat_statements (loaded by the burst's cluster) counts each statement's
/// calls from just before the burst. Outside a transaction block each statement is its own commit, so the statements
/// called most per order are the first places to look when commits per order set the pace.
public static class StatementProfile
{
    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset();", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task PrintAsync(string connectionString, int orders, int top = 15)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select calls, left(regexp_replace(query, '\s+', ' ', 'g'), 110), sum(calls) over ()
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
            order by calls desc
            limit @top
            """,
            connection);
        command.Parameters.AddWithValue("top", top);
        await using var reader = await command.ExecuteReaderAsync();
        var first = true;
        while (await reader.ReadAsync())
        {
            if (first)
            {
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Statements per verified order ({reader.GetDecimal(2) / orders:0.0} in all; the {top} called most, pg_stat_statements):"));
                Console.WriteLine("| calls / order | statement |");
                Console.WriteLine("|---:|---|");
                first = false;
            }

            var text = reader.GetString(1).Replace("|", "\\|", StringComparison.Ordinal);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {reader.GetInt64(0) / (double)orders:0.00} | `{text}` |"));
        }
    }
}
