using System.Diagnostics;

namespace OrderConfirm.Bench;

public sealed record LoadResult(string Name, int Concurrency, double Seconds, int Acks, int Errors, int Unfinished, double P50Ms, double P99Ms, double MaxMs)
{
    public double AcksPerSecond => Acks / Seconds;
}

/// A closed-loop load: N clients, each sending its next request as soon as the previous one is answered. Requests
/// still unanswered when the measurement ends are cancelled and counted as unfinished, not as fast ones.
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, Uri server, Func<HttpRequestMessage> next, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(warmup + duration);
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var latencies = new List<double>[concurrency];
        var errors = new int[concurrency];
        var unfinished = new int[concurrency];

        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            latencies[worker] = new List<double>(4096);
            while (!stop.IsCancellationRequested)
            {
                using var request = next();
                var started = clock.Elapsed;
                try
                {
                    using var response = await client.SendAsync(request, stop.Token);
                    var elapsed = clock.Elapsed;
                    if (started < measureFrom)
                    {
                        continue;
                    }

                    if (response.IsSuccessStatusCode)
                    {
                        latencies[worker].Add((elapsed - started).TotalMilliseconds);
                    }
                    else
                    {
                        errors[worker]++;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    unfinished[worker]++;
                }
                catch (HttpRequestException)
                {
                    errors[worker]++;
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, concurrency, duration.TotalSeconds, all.Length, errors.Sum(), unfinished.Sum(), Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? double.NaN : all[^1]);
    }

    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
