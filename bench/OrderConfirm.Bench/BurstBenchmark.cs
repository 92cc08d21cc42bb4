using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace OrderConfirm.Bench;

/// The sale-day burst (issue 17): N signed COD orders posted at once to one store of a platform, against the service
/// in its own process (web and worker roles; --workers 2 adds a worker-only process) on PostgreSQL with fsync on (or,
/// with --storage sqlite, the embedded default), its providers and shops stand-ins on
/// loopback with a set latency. Measures when every order was acked, dialled and written back, the requests, commits
/// and table growth per order, and the service's peak RSS. Optionally a second store posts a few orders just after.
public static class BurstBenchmark
{
    private const string AdminKey = "bench-admin-key-0123456789";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (options, problem) = BurstOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(problem);
            Console.Error.WriteLine(BurstOptions.Usage);
            return 2;
        }

        // Ctrl+C, a terminal closed, a kill: stop waiting and unwind, so every `await using` below stops its service
        // process, cluster or stand-ins. Without this the runtime exits at once and leaves them running.
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            Console.Error.WriteLine($"{context.Signal}: stopping the service processes and the database before exiting.");
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        try
        {
            return await RunAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped before the end: nothing measured. The service processes and the database were stopped.");
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            // A service that did not start, a store refused, a stand-in unreachable: said once, without a crash dump,
            // after everything started was stopped on the way out.
            Console.Error.WriteLine($"The burst failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(BurstOptions options, CancellationToken stop)
    {
        var progress = new BurstProgress();
        var shopLatency = new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { ["a"] = options.FirstStoreLatency, ["b"] = options.Latency };
        await using var standIns = new StandIns(progress, options.Latency, shopLatency);
        await standIns.StartAsync();
        await using IBurstDatabase database = options.Sqlite ? SqliteBurstDatabase.Create() : await PostgresBurstDatabase.StartAsync();
        var settings = BurstOptions.ServiceSettings(standIns);
        BurstReport.PrintSettings(options, settings, Environment.ProcessorCount);
        database.Configure(settings);
        settings["Admin:ApiKey"] = AdminKey;
        settings["Dashboard:Username"] = "bench";
        settings["Dashboard:Password"] = "bench-password";
        settings["Encryption:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var logPrefix = Path.Combine(Path.GetTempPath(), $"orderconfirm-burst-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        await using var service = await BurstServices.StartAsync(settings, options.Workers, logPrefix, stop);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        using var http = new HttpClient(handler) { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(2) };
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var storeA = await CreateStoreAsync(http, options, standIns, "a", secret);
        var storeB = options.SecondStoreOrders > 0 ? await CreateStoreAsync(http, options, standIns, "b", secret) : 0;

        // Let the start-up's jobs settle, then measure what the idle service commits, to read the burst's number.
        await Task.Delay(TimeSpan.FromSeconds(5), stop);
        var idleFrom = await database.TakeAsync();
        await Task.Delay(TimeSpan.FromSeconds(10), stop);
        var before = await database.TakeAsync();
        double? idleCommitsPerSecond = before.Commits - idleFrom.Commits is { } idle ? idle / 10.0 : null;
        await database.ResetStatementsAsync();

        var cpuFrom = CpuSnapshot.Take(service.ProcessIds);
        progress.Start();
        var firstId = options.Shopify ? 7_100_000_001L : 81_000L;
        var failedA = await PostAsync(http, options, progress, "a", storeA, secret, firstId, options.Orders, stop);
        var ackedA = progress.Now;
        double? postedB = null;
        var failedB = 0;
        if (storeB > 0)
        {
            failedB = await PostAsync(http, options, progress, "b", storeB, secret, firstId + options.Orders, options.SecondStoreOrders, stop);
            postedB = progress.Now;
        }

        var finished = await WaitAsync(progress, options, stop);
        var cpuTo = CpuSnapshot.Take(service.ProcessIds);
        await SettleAsync(progress, options, storeB > 0 ? options.Orders + options.SecondStoreOrders : options.Orders, stop);
        var after = await database.TakeAsync();
        var outcomes = await database.OutcomesAsync();
        var result = new BurstResult(options, database.Name, progress, ackedA, failedA + failedB, postedB, finished, idleCommitsPerSecond, before, after, outcomes, service.PeakRss);
        BurstReport.Print(result);
        Console.WriteLine(CpuSnapshot.Describe(cpuFrom, cpuTo, Environment.ProcessorCount));
        if (options.Sms)
        {
            var texts = await database.SmsStatusesAsync();
            Console.WriteLine($"Texts in sms_messages: {string.Join(", ", texts.Select(t => $"{t.Count} {t.Status}"))} (the stand-in received {progress.Requested("sms texted via robase")}).");
        }

        await database.PrintJobsPerProcessAsync(service.ProcessIds);
        await database.PrintStatementsAsync(storeB > 0 ? options.Orders + options.SecondStoreOrders : options.Orders);
        Console.WriteLine($"Service logs: {string.Join(", ", service.LogPaths)}");
        return finished && result.TableAgrees ? 0 : 1;
    }

    private static async Task<long> CreateStoreAsync(HttpClient http, BurstOptions options, StandIns standIns, string shop, string secret)
    {
        var roboCall = new { apiKey = StandIns.RoboCallKey, voiceId = "102" };
        var sms = options.Sms ? new { provider = "robase", apiKey = StandIns.RobaseKey, from = "LAHORELAWN" } : null;
        object body = options.Shopify
            ? new { name = $"Lahore Lawn {shop.ToUpperInvariant()}", platform = "shopify", shopDomain = $"bench-{shop}.myshopify.com", apiBaseUrl = standIns.ShopBaseUrl(shop), accessToken = "shpat_bench0123456789", webhookSecret = secret, roboCall, sms }
            : new { name = $"Lahore Lawn {shop.ToUpperInvariant()}", platform = "woocommerce", apiBaseUrl = standIns.ShopBaseUrl(shop), consumerKey = "ck_bench0123456789", consumerSecret = "cs_bench0123456789", webhookSecret = secret, roboCall, sms };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stores") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", AdminKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating store {shop} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    // All of the store's orders at once (64 connections); returns how many were not acknowledged with a 2xx.
    private static async Task<int> PostAsync(HttpClient http, BurstOptions options, BurstProgress progress, string shop, long storeId, string secret, long firstId, int count, CancellationToken stop)
    {
        var shopify = new SignedOrders($"bench-{shop}.myshopify.com", secret);
        var woo = new SignedWooOrders(secret);
        var ids = Enumerable.Range(0, count).Select(i => firstId + i).ToList();
        ids.ForEach(id => progress.Register(id, shop));
        var answers = await Task.WhenAll(ids.Select(async id =>
        {
            using var request = options.Shopify ? shopify.Create("/webhooks/shopify", id) : woo.Create($"/webhooks/woocommerce/{storeId}", id);
            try
            {
                using var response = await http.SendAsync(request, stop);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }));
        return answers.Count(ok => !ok);
    }

    private static async Task<bool> WaitAsync(BurstProgress progress, BurstOptions options, CancellationToken stop)
    {
        var nextReport = 10.0;
        while (progress.AllWrittenBackAt() is null)
        {
            if (progress.Now > options.Timeout.TotalSeconds)
            {
                Console.WriteLine($"TIMED OUT after {options.Timeout.TotalMinutes:0} min: printing what was measured so far.");
                return false;
            }

            if (progress.Now >= nextReport)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {progress.Now,6:0} s: {progress.Dialled()} dialled, {progress.WrittenBackCount()} written back"));
                if (progress.NotWrittenBack() is { Count: > 0 and <= 3 } last)
                {
                    Console.WriteLine($"          waiting for the write-back of order {string.Join(", ", last)}");
                }

                nextReport += 10;
            }

            await Task.Delay(100, stop);
        }

        return true;
    }

    // The jobs that wrote back commit after their last request, and the confirmed SMS follows the outcome: wait for
    // the SMS (2 per order when on) and a few seconds more, at most a minute.
    private static async Task SettleAsync(BurstProgress progress, BurstOptions options, int orders, CancellationToken stop)
    {
        var until = progress.Now + 60;
        while (options.Sms && progress.Requested("sms texted via robase") < 2 * orders && progress.Now < until)
        {
            await Task.Delay(200, stop);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), stop);
    }
}
