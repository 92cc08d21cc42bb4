using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A throwaway PostgreSQL cluster from the system's server binaries (initdb + pg_ctl in a temp dir on a free port),
/// or the server named by ORDERCONFIRM_TEST_POSTGRES. A missing PostgreSQL fails the tests loudly; it is never skipped.
public sealed class PostgresCluster : IAsyncLifetime
{
    private string? _directory;
    private string? _binaries;
    private string? _settings;
    private bool _local;
    private int _databases;

    public string AdminConnectionString { get; private set; } = "";

    /// A cluster of its own from the local binaries (never ORDERCONFIRM_TEST_POSTGRES), for a test that stops it.
    public static async Task<PostgresCluster> StartLocalAsync()
    {
        var cluster = new PostgresCluster { _local = true };
        await cluster.InitializeAsync();
        return cluster;
    }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ORDERCONFIRM_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external) && !_local)
        {
            AdminConnectionString = external;
            return;
        }

        _binaries = FindBinaries();
        _directory = Path.Combine(Path.GetTempPath(), $"orderconfirm-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root; the cluster belongs to the postgres user.
            await RunAsync("chown", $"postgres {_directory}", asPostgres: false);
        }

        var data = Path.Combine(_directory, "data");
        var port = FreePort();
        await RunAsync(Path.Combine(_binaries, "initdb"), $"-D {data} -U postgres -A trust -E UTF8 --locale=C --no-sync", asRoot);
        _settings = $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000";
        await StartAsync();
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// Stops the server the way an operator or a failover would (fast: sessions are ended, nothing is lost).
    public Task StopAsync()
        => RunAsync(Path.Combine(Binaries(), "pg_ctl"), $"-D {Path.Combine(_directory!, "data")} -m fast -w -t 60 stop", Environment.UserName == "root");

    /// Starts it again on the same data directory and port.
    public Task StartAsync()
        => RunAsync(Path.Combine(Binaries(), "pg_ctl"), $"-D {Path.Combine(_directory!, "data")} -o \"{_settings}\" -l {Path.Combine(_directory!, "server.log")} -w -t 60 start", Environment.UserName == "root");

    /// A fresh, empty database for one test host.
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"oc_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Pooling = true,
            MaxPoolSize = 60,
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        };
        return builder.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_directory is null || _binaries is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_binaries, "pg_ctl"), $"-D {Path.Combine(_directory, "data")} -m immediate stop", Environment.UserName == "root", throwOnError: false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir is not worth failing the run.
        }
    }

    private string Binaries() => _binaries ?? throw new InvalidOperationException("Only a cluster started from the local binaries can be stopped and started.");

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderByDescending(d => d, StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        var pathDirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        var found = candidates.Concat(pathDirs).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian: apt-get install postgresql) " +
            "or point ORDERCONFIRM_TEST_POSTGRES at a server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres, bool throwOnError = true)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
