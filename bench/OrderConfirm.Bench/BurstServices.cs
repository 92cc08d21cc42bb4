using System.Globalization;

namespace OrderConfirm.Bench;

/// The service processes of one burst: the first in the web and worker roles (it takes the webhooks and the admin
/// API), each further one in the worker role alone, all on the same database. Started one after the other (the first
/// migrates the schema) and each waited for until healthy; stopped together. If any fails to start, the ones already
/// running are stopped before the failure is thrown, so no process outlives the run.
public sealed class BurstServices : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    private BurstServices()
    {
    }

    /// Where the webhooks and the admin API go: the first process, the only one with the web role.
    public Uri Address => _processes[0].Address;

    public IReadOnlyList<long> PeakRss => _processes.Select(p => p.PeakRss).ToList();

    public IReadOnlyList<int> ProcessIds => _processes.Select(p => p.Id).ToList();

    public IEnumerable<string> LogPaths => _processes.Select(p => p.LogPath);

    public static async Task<BurstServices> StartAsync(IReadOnlyDictionary<string, string> settings, int processes, string logPrefix, CancellationToken cancellationToken)
    {
        var services = new BurstServices();
        try
        {
            for (var i = 0; i < processes; i++)
            {
                var own = new Dictionary<string, string>(settings, StringComparer.Ordinal) { ["Roles"] = i == 0 ? "web,worker" : "worker" };
                var logPath = string.Create(CultureInfo.InvariantCulture, $"{logPrefix}-{i + 1}.log");
                var process = await ServiceProcess.StartAsync(own, logPath, TimeSpan.FromMinutes(2), cancellationToken);
                services._processes.Add(process);
                Console.WriteLine($"Service process {i + 1} ({own["Roles"]}) is pid {process.Id}, healthy; log {logPath}");
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        _processes.Clear();
    }
}
