using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OrderConfirm.Bench;

/// A PostgreSQL cluster for one benchmark run (initdb + pg_ctl in a temp dir, as postgres when run as root), with
/// durable commits: the numbers must include real fsyncs, unlike the test cluster.
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"orderconfirm-bench-{Guid.NewGuid():N}");
    private string _bin = "";

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=100";

    public int Port { get; private set; }

    public static async Task<ThrowawayPostgres> StartAsync(bool countStatements = false)
    {
        var cluster = new ThrowawayPostgres();
        var external = Environment.GetEnvironmentVariable("ORDERCONFIRM_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(external))
        {
            throw new InvalidOperationException("The benchmark starts its own cluster; unset ORDERCONFIRM_TEST_POSTGRES.");
        }

        cluster._bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found (apt-get install postgresql).");
        Directory.CreateDirectory(cluster._directory);
        var root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", $"postgres {cluster._directory}", false);
        }

        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            cluster.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var data = Path.Combine(cluster._directory, "data");
        await RunAsync(Path.Combine(cluster._bin, "initdb"), $"-D {data} -U postgres -A trust -E UTF8 --locale=C", root);
        var settings = $"-p {cluster.Port} -k {cluster._directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB"
            + (countStatements ? " -c shared_preload_libraries=pg_stat_statements" : "");
        await RunAsync(Path.Combine(cluster._bin, "pg_ctl"), $"-D {data} -o \"{settings}\" -l {Path.Combine(cluster._directory, "log")} -w start", root);
        try
        {
            foreach (var database in new[] { "orderconfirm", "naive" })
            {
                await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"create database {database}", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        catch
        {
            // The cluster is running: stop it, or it outlives the run.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_directory, "data")} -m fast stop", Environment.UserName == "root", throwOnError: false);
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres, bool throwOnError = true)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}") : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed: {output}{error}");
        }
    }
}
