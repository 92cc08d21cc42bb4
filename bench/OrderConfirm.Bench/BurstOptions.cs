using System.Globalization;

namespace OrderConfirm.Bench;

/// The burst's command line: dotnet run -c Release --project bench/OrderConfirm.Bench -- burst [--orders 1000]
/// [--latency 150] [--platform shopify|woocommerce] [--sms on|off] [--second-store 10] [--first-store-latency 3000]
/// [--timeout 20] [--workers 1|2] [--storage postgres|sqlite] [--save row.md] [--before row.md]. Latencies in
/// milliseconds, the timeout in minutes. --save writes the run's table row to a file; --before prints the rows of such
/// a file above this run's, for before and after. --workers 2 adds a worker-only process on the same database;
/// --storage sqlite runs the embedded default (SQLite and in-memory Hangfire), which is one process by design.
public sealed record BurstOptions(int Orders, TimeSpan Latency, string Platform, bool Sms, int SecondStoreOrders, TimeSpan FirstStoreLatency, TimeSpan Timeout)
{
    public string? SaveRowTo { get; init; }

    public string? BeforeRowsFrom { get; init; }

    /// Service processes that run the worker role: the first is web and worker, each one more is worker only.
    public int Workers { get; init; } = 1;

    /// The embedded default instead of PostgreSQL: SQLite for the tables, Hangfire's queue in the process's memory.
    public bool Sqlite { get; init; }

    public const string Usage = "usage: burst [--orders 1000] [--latency 150] [--platform shopify|woocommerce] [--sms on|off] [--second-store 10] [--first-store-latency 3000] [--timeout 20] [--workers 1|2] [--storage postgres|sqlite] [--save row.md] [--before row.md]";

    public bool Shopify => Platform == "shopify";

    /// The options, or the reason they are refused (a name, a value, or a missing value).
    public static (BurstOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                return (null, $"'{args[i]}' is not an option followed by its value");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var known = new[] { "orders", "latency", "platform", "sms", "second-store", "first-store-latency", "timeout", "workers", "storage", "save", "before" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            return (null, $"unknown option --{unknown}");
        }

        int? Number(string name, int fallback, int min, int max)
            => !values.TryGetValue(name, out var text) ? fallback
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
                : null;

        var orders = Number("orders", 1000, 1, 100_000);
        var latency = Number("latency", 150, 0, 60_000);
        var second = Number("second-store", 0, 0, 10_000);
        var timeout = Number("timeout", 20, 1, 600);
        var workers = Number("workers", 1, 1, 4);
        var storage = values.GetValueOrDefault("storage", "postgres");
        var firstLatency = Number("first-store-latency", latency ?? 0, 0, 60_000);
        var platform = values.GetValueOrDefault("platform", "shopify");
        var sms = values.GetValueOrDefault("sms", "off");
        var problem = orders is null ? "--orders must be 1–100000"
            : latency is null ? "--latency must be 0–60000 (ms)"
            : second is null ? "--second-store must be 0–10000"
            : timeout is null ? "--timeout must be 1–600 (minutes)"
            : firstLatency is null ? "--first-store-latency must be 0–60000 (ms)"
            : platform is not ("shopify" or "woocommerce") ? "--platform must be shopify or woocommerce"
            : sms is not ("on" or "off") ? "--sms must be on or off"
            : workers is null ? "--workers must be 1–4 (service processes running the worker role)"
            : storage is not ("postgres" or "sqlite") ? "--storage must be postgres or sqlite"
            : storage == "sqlite" && workers > 1 ? "--workers above 1 needs --storage postgres: the embedded default keeps Hangfire's queue in one process's memory, so a second process cannot share it"
            : values.TryGetValue("before", out var before) && !File.Exists(before) ? $"--before: {before} does not exist"
            : null;
        return problem is not null ? (null, problem)
            : (new BurstOptions(orders!.Value, TimeSpan.FromMilliseconds(latency!.Value), platform, sms == "on", second!.Value, TimeSpan.FromMilliseconds(firstLatency!.Value), TimeSpan.FromMinutes(timeout!.Value))
            {
                SaveRowTo = values.GetValueOrDefault("save"),
                BeforeRowsFrom = values.GetValueOrDefault("before"),
                Workers = workers!.Value,
                Sqlite = storage == "sqlite",
            }, null);
    }

    /// What the service is told, besides its secrets: the stand-ins as providers, loopback shops allowed, and the
    /// timings that make a call due as soon as the order is in (docs/benchmarks.md says why each one).
    public static Dictionary<string, string> ServiceSettings(StandIns standIns) => new(StringComparer.Ordinal)
    {
        ["Roles"] = "web,worker",
        ["RoboCall:BaseUrl"] = standIns.RoboCallBaseUrl,
        ["Sms:Robase:BaseUrl"] = standIns.RobaseBaseUrl,
        // Not used by the bench's stores; pointed at the stand-ins so nothing can leave the machine.
        ["Sms:RoboSmsPk:BaseUrl"] = new Uri(standIns.Address, "/robosms-pk").ToString(),
        ["Sms:RoboSmsCom:BaseUrl"] = new Uri(standIns.Address, "/robo-sms/").ToString(),
        ["Outbound:AllowPrivateShopAddresses"] = "true",
        ["Outbound:AllowPlainHttp"] = "true",
        ["Verification:CallDelay"] = "00:00:00",
        ["Verification:CallingHours"] = "00:00-24:00",
        ["Verification:PollInterval"] = "00:00:01",
        ["Jobs:PollCallsCron"] = "* * * * * *",
        ["Jobs:SchedulePollingInterval"] = "00:00:01",
        ["Jobs:QueuePollInterval"] = "00:00:01",
        ["Jobs:ReconcileCron"] = "0 0 1 1 *",
        ["Jobs:EnsureWebhooksCron"] = "0 0 1 1 *",
        ["Balances:Cron"] = "0 0 1 1 *",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
