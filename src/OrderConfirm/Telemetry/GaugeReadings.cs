using System.Collections.Concurrent;

namespace OrderConfirm.Telemetry;

/// A feature's gauge values read from the database: the sampler calls every source on its interval and the meter's
/// gauges report the last values, so a scrape never waits on a query.
public interface IGaugeSource
{
    Task SampleAsync(GaugeReadings readings, CancellationToken cancellationToken);
}

/// The last sampled value of every gauge series, keyed by instrument and label values.
public sealed class GaugeReadings
{
    private readonly ConcurrentDictionary<(string Instrument, string Labels), Reading> values = new();

    /// The instrument's value, for the one label it has (the gauges read from the database have at most one).
    public void Set(InstrumentInfo instrument, long value, string? label = null, string? labelValue = null)
    {
        KeyValuePair<string, object?>[] labels = label is null ? [] : [new(label, labelValue)];
        values[(instrument.Name, $"{label}={labelValue}")] = new Reading(value, labels);
    }

    internal IEnumerable<System.Diagnostics.Metrics.Measurement<long>> Read(InstrumentInfo instrument)
        => values.Where(v => v.Key.Instrument == instrument.Name).Select(v => new System.Diagnostics.Metrics.Measurement<long>(v.Value.Value, v.Value.Labels));

    private sealed record Reading(long Value, KeyValuePair<string, object?>[] Labels);
}
