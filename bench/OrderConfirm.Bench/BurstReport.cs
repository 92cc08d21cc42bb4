using System.Globalization;

namespace OrderConfirm.Bench;

/// Everything one burst measured. Times are seconds since the first delivery was posted.
public sealed record BurstResult(
    BurstOptions Options,
    BurstProgress Progress,
    double AckedAt,
    int Unacknowledged,
    double? SecondStorePostedAt,
    bool Finished,
    double IdleCommitsPerSecond,
    DatabaseSnapshot Before,
    DatabaseSnapshot After,
    IReadOnlyList<(string Status, string WriteBack, long Count)> Outcomes,
    long PeakRssBytes)
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
            + $"; {cores} cores; PostgreSQL fsync on; timeout {options.Timeout.TotalMinutes:0} min");
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

        Console.WriteLine();
        Console.WriteLine(r.Finished ? "Finished." : "TIMED OUT: the columns of what did not finish show —.");
        Console.WriteLine($"| platform, latency, SMS | orders | all acked | all dialled | dial rate | all written back | write-back rate | {(r.Options.Shopify ? "Shopify" : "WooCommerce")} requests / order | get_call / order | SMS requests / order | DB commits / verified order | peak RSS |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var slowShop = r.Options.FirstStoreLatency != r.Options.Latency ? $" (store A's shop {r.Options.FirstStoreLatency.TotalMilliseconds:0} ms)" : "";
        var row = $"| {r.Options.Platform}, {r.Options.Latency.TotalMilliseconds:0} ms{slowShop}, SMS {(r.Options.Sms ? "on" : "off")} | {r.Orders} | {Seconds(r.AckedAt)} | {Seconds(dialled)} | {Rate(dialled)} | {Seconds(written)} | {Rate(written)} | {shop} | {F(p.Requested("robocall get_call") / n, "0.0")} | {sms} | {F(commits / (double)verified, "0.0")} ({F(netCommits / verified, "0.0")} net of idle) | {r.PeakRssBytes / 1_048_576} MB |";
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
        Console.WriteLine(F(commits, "0") + $" commits over {F(r.MeasuredSeconds, "0.0")} s ({F(commits / (double)verified, "0.0")} per verified order); the idle service commits {F(r.IdleCommitsPerSecond, "0.0")} /s (pollers), so about {F(netCommits / verified, "0.0")} per order are the burst's own.");
        Console.WriteLine($"WAL flushes (fsyncs) {r.After.WalSyncs - r.Before.WalSyncs} ({F((r.After.WalSyncs - r.Before.WalSyncs) / (double)verified, "0.0")} per verified order); WAL written {(r.After.WalBytes - r.Before.WalBytes) / 1_048_576} MB.");
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
                Console.WriteLine($"| {table} | {F((end.Rows - start.Rows) * 1000 / n, "0")} | {F((end.Bytes - start.Bytes) * 1000 / n / 1024, "0")} KB |");
            }
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
