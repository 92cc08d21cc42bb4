using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Telemetry;

public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// How many stores get a label of their own on the per-store series; the rest share "other". A label per store is
    /// cheap at hundreds of stores; at thousands, lower it (0 puts every store under "all") and read a store's numbers
    /// from its funnel page instead.
    [Range(0, 100_000)]
    public int StoreLabels { get; set; } = 1000;

    /// How often the gauges read from the database (queue depth, failed deliveries) are sampled.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// A step due for longer than this counts as overdue (orderconfirm_queue_overdue).
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OverdueAfter { get; set; } = TimeSpan.FromMinutes(5);
}
