using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace OrderConfirm.Bench;

/// The service as deployed: its own process (`dotnet OrderConfirm.dll`, built in the bench's configuration), in the
/// roles its settings give, configured through environment variables. Its own process so that its peak RSS is
/// its own (VmHWM), not the bench's and the stand-ins'. Its output goes to a log file next to the database.
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private long _peakSampled;

    private ServiceProcess(Process process, Uri address, string logPath)
    {
        _process = process;
        Address = address;
        LogPath = logPath;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public string LogPath { get; }

    /// The highest resident set the kernel recorded for the process (VmHWM), in bytes; the sampled peak if it exited.
    public long PeakRss => Math.Max(Status("VmHWM:") ?? 0, Interlocked.Read(ref _peakSampled));

    /// Started and answering /health/ready, or stopped again: a start that fails or is cancelled leaves no process.
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string logPath, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var repository = Repository();
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(repository, "src", "OrderConfirm", "bin", configuration, "net10.0", "OrderConfirm.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build the service in {configuration} first (dotnet run -c {configuration} builds it).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            // The content root, for appsettings.json, as when the service is run from its project folder.
            WorkingDirectory = Path.Combine(repository, "src", "OrderConfirm"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);
        _ = service.SampleAsync();
        try
        {
            await service.WaitUntilReadyAsync(startTimeout, cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the host stops gracefully (Hangfire's workers, the inbox writers).
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode} while starting; see {LogPath}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"The service was not ready after {startTimeout.TotalSeconds} s; see {LogPath}");
    }

    /// The folder of OrderConfirm.sln, above the bench's binaries.
    public static string Repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrderConfirm.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OrderConfirm.sln not found above the bench's binaries.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    // VmRSS every 100 ms as well, in case the process is gone when the peak is read.
    private async Task SampleAsync()
    {
        while (!_process.HasExited)
        {
            if (Status("VmRSS:") is { } rss && rss > Interlocked.Read(ref _peakSampled))
            {
                Interlocked.Exchange(ref _peakSampled, rss);
            }

            await Task.Delay(100);
        }
    }

    private long? Status(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
