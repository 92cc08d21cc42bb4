using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Tests.Telemetry;

/// A real OrderConfirmMetrics on a meter factory of its own, and every measurement its instruments make (only this
/// factory's: tests running beside it have their own).
public sealed class RecordedMeasurements : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Labels)> _measurements = new();

    public RecordedMeasurements(int storeLabels = 1000)
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        Readings = new GaugeReadings();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
        Metrics = new OrderConfirmMetrics(factory, Readings, Options.Create(new MetricsOptions { StoreLabels = storeLabels }));
    }

    public OrderConfirmMetrics Metrics { get; }

    public GaugeReadings Readings { get; }

    /// How many measurements (counter: their sum) the instrument made with every given label.
    public double Sum(InstrumentInfo instrument, params (string Key, string Value)[] labels)
        => _measurements.Where(m => m.Instrument == instrument.Name && labels.All(l => m.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(m => m.Value);

    public int Count(InstrumentInfo instrument) => _measurements.Count(m => m.Instrument == instrument.Name);

    /// The gauges' current values, as a scrape would read them.
    public void ReadGauges() => _listener.RecordObservableInstruments();

    public void Clear() => _measurements.Clear();

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString();
        }

        _measurements.Enqueue((instrument.Name, value, labels));
    }
}
