using System.Globalization;

namespace OrderConfirm.Bench;

/// Everything one burst measured. Times are seconds since the first delivery was posted.
public sealed record BurstResult(
    BurstOptions Options,
    string DatabaseName,
    BurstProgress Progress,
    double AckedAt,
    int Unacknowledged,
    double? SecondStorePostedAt,
    bool Finished,
    double? IdleCommitsPerSecond,
    DatabaseSnapshot Before,
    DatabaseSnapshot After,
    IReadOnlyList<(string Status, string WriteBack, long Count)> Outcomes,
    IReadOnlyList<long> PeakRssBytes)
{
    public double MeasuredSeconds { get; } = Progress.Now;

    public int Orders => Options.Orders + (SecondStorePostedAt is null ? 0 : Options.SecondStoreOrders);

    public long Verified => Outcomes.Where(o => o.Status == "confirmed").Sum(o => o.Count);

    /// The table agrees with the stand-ins: every order posted is confirmed (every call answered key 1) and written back.
    public bool TableAgrees => Outcomes.Sum(o => o.Count) == Orders && Outcomes.All(o => o is { Status: "confirmed", WriteBack: "done" });
}

/// Prints the settings above the table, the table with the issue's columns, and the details below it.
public static class BurstReport
{
    public static void PrintSettings(BurstOptions options, IReadOnlyDictionary<string, string> settings, int cores)
    {
        Console.WriteLine($"Sale-day burst: {options.Orders} {options.Platform} orders, outside latency {options.Latency.TotalMilliseconds:0} ms"
            + (options.FirstStoreLatency != options.Latency ? $" (store A's shop {options.FirstStoreLatency.TotalMilliseconds:0} ms)" : "")
            + $", SMS {(options.Sms ? "on (Robase)" : "off")}"
            + (options.SecondStoreOrders > 0 ? $", then {options.SecondStoreOrders} orders on a second store" : "")
            + $"; {cores} cores; {Storage(options)}; timeout {options.Timeout.TotalMinutes:0} min");
        Console.WriteLine("Service settings (besides its secrets and connection string):");
        foreach (var (key, value) in settings)
        {
            Console.WriteLine($"  {key} = {value}");
        }

        Console.WriteLine();
    }

    public static void Print(BurstResult r)
    {
        var p = r.Progress;
        var n = (double)r.Orders;
        string Seconds(double? s) => s is { } v ? F(v, "0.0") + " s" : "—";
        string Rate(double? s) => s is { } v and > 0 ? F(n / v, "0.0") + " /s" : "—";
        var dialled = p.AllDialledAt();
        var written = p.AllWrittenBackAt();
        var shop = r.Options.Shopify
            ? F(p.Requested("shopify ") / n, "0.0")
            : $"{F(p.Requested("woocommerce ") / n, "0.0")} ({F(p.Requested("woocommerce order") / n, "0.0")} order + {F(p.Requested("woocommerce notes") / n, "0.0")} notes)";
        var sms = r.Options.Sms ? F(p.Requested("robase ") / n, "0.0") : "off";
        var commits = r.After.Commits - r.Before.Commits;
        var verified = Math.Max(1, r.Verified);
        var netCommits = commits - (r.IdleCommitsPerSecond * r.MeasuredSeconds);
        var walSyncs = r.After.WalSyncs - r.Before.WalSyncs;
        var commitsColumn = commits is { } c && netCommits is { } net ? $"{F(c / (double)verified, "0.0")} ({F(net / verified, "0.0")} net of idle)" : "—";
        var rss = r.PeakRssBytes.Count == 1 ? $"{r.PeakRssBytes[0] / 1_048_576} MB"
            : $"{r.PeakRssBytes.Sum() / 1_048_576} MB ({string.Join(" + ", r.PeakRssBytes.Select(b => b / 1_048_576))})";

        Console.WriteLine();
        Console.WriteLine(r.Finished ? "Finished." : "TIMED OUT: the columns of what did not finish show —.");
        Console.WriteLine($"| platform, latency, SMS | orders | all acked | all dialled | dial rate | all written back | write-back rate | {(r.Options.Shopify ? "Shopify" : "WooCommerce")} requests / order | get_call / order | SMS requests / order | DB commits / verified order | peak RSS |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var slowShop = r.Options.FirstStoreLatency != r.Options.Latency ? $" (store A's shop {r.Options.FirstStoreLatency.TotalMilliseconds:0} ms)" : "";
        var row = $"| {r.Options.Platform}, {r.Options.Latency.TotalMilliseconds:0} ms{slowShop}, SMS {(r.Options.Sms ? "on" : "off")}, {r.DatabaseName}, {Processes(r.Options)} | {r.Orders} | {Seconds(r.AckedAt)} | {Seconds(dialled)} | {Rate(dialled)} | {Seconds(written)} | {Rate(written)} | {shop} | {F(p.Requested("robocall get_call") / n, "0.0")} | {sms} | {commitsColumn} | {rss} |";
        var label = r.Options.BeforeRowsFrom is null ? "" : "after: ";
        foreach (var before in r.Options.BeforeRowsFrom is { } file ? File.ReadAllLines(file).Where(l => l.StartsWith("| ", StringComparison.Ordinal)) : [])
        {
            Console.WriteLine("| before: " + before[2..]);
        }

        Console.WriteLine("| " + label + row[2..]);
        if (r.Options.SaveRowTo is { } saveTo)
        {
            File.WriteAllText(saveTo, row + Environment.NewLine);
        }
        Console.WriteLine();
        Console.WriteLine($"Acked {r.Orders - r.Unacknowledged} of {r.Orders}; dialled {p.Dialled()}; written back {p.WrittenBackCount()}.");
        Console.WriteLine($"Verifications in the table: {string.Join(", ", r.Outcomes.Select(o => $"{o.Count} {o.Status} / write-back {o.WriteBack}"))}.");
        if (!r.TableAgrees)
        {
            Console.WriteLine($"CHECK FAILED: the verifications table does not show all {r.Orders} orders confirmed with write-back done.");
        }
        if (commits is { } all && netCommits is { } own && r.IdleCommitsPerSecond is { } idle && walSyncs is { } syncs)
        {
            Console.WriteLine(F(all, "0") + $" commits over {F(r.MeasuredSeconds, "0.0")} s ({F(all / (double)verified, "0.0")} per verified order); the idle service commits {F(idle, "0.0")} /s (pollers), so about {F(own / verified, "0.0")} per order are the burst's own.");
            Console.WriteLine($"WAL flushes (fsyncs) {syncs} ({F(syncs / (double)verified, "0.0")} per verified order); WAL written {(r.After.WalBytes - r.Before.WalBytes) / 1_048_576} MB.");
        }
        else
        {
            Console.WriteLine($"Commits and WAL flushes: — ({r.DatabaseName} keeps no count of them; the columns show — rather than an estimate).");
        }

        if (r.PeakRssBytes.Count > 1)
        {
            Console.WriteLine($"Peak RSS per process (VmHWM): {string.Join(", ", r.PeakRssBytes.Select((b, i) => $"{(i == 0 ? "web,worker" : "worker")} {b / 1_048_576} MB"))}; the column shows their sum.");
        }
        if (r.SecondStorePostedAt is { } posted)
        {
            var lastB = p.AllDialledAt("b");
            Console.WriteLine($"Second store: {r.Options.SecondStoreOrders} orders posted by {F(posted, "0.0")} s; its last customer dialled "
                + (lastB is { } b ? $"{F(b - posted, "0.0")} s after posting (goal ≤ 15 s); store A's last at {Seconds(p.AllDialledAt("a"))}." : $"— (only {p.Dialled("b")} of them dialled)."));
        }

        Console.WriteLine();
        Console.WriteLine("Requests received by the stand-ins:");
        foreach (var (kind, count) in p.Requests)
        {
            Console.WriteLine($"  {kind}: {count} ({F(count / n, "0.00")} per order)");
        }

        Console.WriteLine();
        Console.WriteLine("Growth per 1,000 orders (tables that grew):");
        Console.WriteLine("| table | rows | bytes |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (table, end) in r.After.Tables)
        {
            var start = r.Before.Tables.GetValueOrDefault(table, new TableSize(0, 0));
            if (end.Rows != start.Rows || end.Bytes != start.Bytes)
            {
                var bytes = end.Bytes - start.Bytes is { } grown ? F(grown * 1000 / n / 1024, "0") + " KB" : "—";
                Console.WriteLine($"| {table} | {F((end.Rows - start.Rows) * 1000 / n, "0")} | {bytes} |");
            }
        }
    }

    /// What the service ran on, for the settings line.
    private static string Storage(BurstOptions options) => options.Sqlite
        ? "SQLite (WAL) + in-memory Hangfire, one process (the embedded default cannot share its queue with a second)"
        : $"PostgreSQL fsync on, {Processes(options)}";

    /// The row label's process count: how many processes ran the worker role.
    private static string Processes(BurstOptions options) => options.Workers == 1 ? "1 worker process" : $"{options.Workers} worker processes";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
