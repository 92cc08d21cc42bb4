using Microsoft.Extensions.Options;

namespace OrderConfirm.Telemetry;

/// Reads the database-backed gauges every Metrics:SampleInterval. A failed read keeps the last values and is logged
/// once per failure (the database outage itself is reported by the readiness probe).
public sealed partial class GaugeSampler(IEnumerable<IGaugeSource> sources, GaugeReadings readings, OrderConfirmMetrics metrics, IOptions<MetricsOptions> options, TimeProvider clock, ILogger<GaugeSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Taking the meter here creates its instruments at start-up, so the gauges are in the first scrape.
        GC.KeepAlive(metrics);
        using var timer = new PeriodicTimer(options.Value.SampleInterval, clock);
        do
        {
            foreach (var source in sources)
            {
                try
                {
                    await source.SampleAsync(readings, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, source.GetType().Name, exception.GetType().Name);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: {Source} could not be sampled ({Error}); its gauges keep their last values")]
    private static partial void LogFailed(ILogger logger, string source, string error);
}
