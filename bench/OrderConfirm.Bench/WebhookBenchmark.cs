using System.Globalization;
using Npgsql;

namespace OrderConfirm.Bench;

// Webhook intake benchmark: signed Shopify orders/create and WooCommerce order.created deliveries at N concurrent
// connections, against (1) OrderConfirm's /webhooks/shopify and /webhooks/woocommerce/{id} on PostgreSQL and (2) a naive endpoint that enqueues one Hangfire job per
// request, in one run on one machine. Usage: dotnet run -c Release --project bench/OrderConfirm.Bench [seconds] [concurrency]
public static class WebhookBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        // The sale-day burst has its own command line (BurstOptions); without "burst" first, the intake benchmark runs.
        if (args.Length > 0 && args[0] == "burst")
        {
            return await BurstBenchmark.RunAsync(args[1..]);
        }

        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var concurrencies = args.Length > 1 ? args[1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [64];
        var roles = args.Length > 2 ? args[2] : "web";
        var warmup = TimeSpan.FromSeconds(5);
        var duration = TimeSpan.FromSeconds(seconds);

        await using var postgres = await ThrowawayPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL {postgres.Port} (fsync on), {Environment.ProcessorCount} cores, {seconds} s per run after {warmup.TotalSeconds} s warm-up, roles {roles}");

        var (service, shopDomain, secret, wooStoreId) = await OrderConfirmHost.StartAsync(postgres.ConnectionString("orderconfirm"), roles);
        await using var naive = await NaiveEndpoint.StartAsync(postgres.ConnectionString("naive"), secret);
        var naiveAddress = new Uri(naive.Urls.First());
        var orders = new SignedOrders(shopDomain, secret);
        var wooOrders = new SignedWooOrders(secret);

        var results = new List<LoadResult>();
        foreach (var concurrency in concurrencies)
        {
            results.Add(await LoadRun.RunAsync("baseline: empty 200, no signature, no storage", naiveAddress, () => orders.Next("/webhooks/empty"), concurrency, warmup, duration));
            results.Add(await LoadRun.RunAsync("OrderConfirm /webhooks/shopify", service.Address, () => orders.Next("/webhooks/shopify"), concurrency, warmup, duration));
            results.Add(await LoadRun.RunAsync("OrderConfirm /webhooks/woocommerce/{id}", service.Address, () => wooOrders.Next($"/webhooks/woocommerce/{wooStoreId}"), concurrency, warmup, duration));
            results.Add(await LoadRun.RunAsync("naive: Enqueue per request", naiveAddress, () => orders.Next("/webhooks/naive"), concurrency, warmup, duration));
        }

        Console.WriteLine();
        Console.WriteLine("| endpoint | clients | acks | acks/s | p50 ms | p99 ms | max ms | errors | unanswered at end |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Concurrency} | {r.Acks} | {r.AcksPerSecond:0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} | {r.Errors} | {r.Unfinished} |"));
        }

        // Every ack must be a stored row: count them.
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString("orderconfirm")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from webhook_deliveries", connection);
            Console.WriteLine();
            Console.WriteLine($"Deliveries stored by OrderConfirm (warm-up included): {await command.ExecuteScalarAsync()}; acks counted in the measured windows: {results.Where(r => r.Name.StartsWith("OrderConfirm", StringComparison.Ordinal)).Sum(r => r.Acks)}");
        }

        await service.DisposeAsync();
        return 0;
    }
}
