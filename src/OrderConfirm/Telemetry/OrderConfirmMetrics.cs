using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Telemetry;

/// Records the service's own instruments (TelemetryCatalog). Features call it at the moment something happened;
/// every label value is a closed set or the bounded store label.
public sealed class OrderConfirmMetrics
{
    private readonly Counter<long> webhooks;
    private readonly Counter<long> finished;
    private readonly Histogram<double> firstDialWait;
    private readonly Histogram<double> outcomeWait;
    private readonly Counter<long> dials;
    private readonly Counter<long> callResults;
    private readonly Counter<long> sms;
    private readonly Counter<long> writeBacks;
    private readonly Histogram<double> providerRequests;
    private readonly ConcurrentDictionary<long, string> storeLabels = new();
    private readonly ConcurrentDictionary<(string Store, string Provider), long> lowBalances = new();
    private readonly int storeLabelLimit;

    public OrderConfirmMetrics(IMeterFactory meters, GaugeReadings readings, IOptions<MetricsOptions> options)
    {
        storeLabelLimit = options.Value.StoreLabels;
        var meter = meters.Create(TelemetryCatalog.MeterName);
        webhooks = Counter(meter, TelemetryCatalog.Webhooks);
        finished = Counter(meter, TelemetryCatalog.VerificationsFinished);
        firstDialWait = Histogram(meter, TelemetryCatalog.FirstDialWait);
        outcomeWait = Histogram(meter, TelemetryCatalog.OutcomeWait);
        dials = Counter(meter, TelemetryCatalog.Dials);
        callResults = Counter(meter, TelemetryCatalog.CallResults);
        sms = Counter(meter, TelemetryCatalog.Sms);
        writeBacks = Counter(meter, TelemetryCatalog.WriteBacks);
        providerRequests = Histogram(meter, TelemetryCatalog.ProviderRequests);
        Gauge(meter, TelemetryCatalog.QueueDue, () => readings.Read(TelemetryCatalog.QueueDue));
        Gauge(meter, TelemetryCatalog.QueueOverdue, () => readings.Read(TelemetryCatalog.QueueOverdue));
        Gauge(meter, TelemetryCatalog.FailedDeliveries, () => readings.Read(TelemetryCatalog.FailedDeliveries));
        Gauge(meter, TelemetryCatalog.LowBalances, () => lowBalances.Select(b => new Measurement<long>(
            b.Value, new KeyValuePair<string, object?>("store", b.Key.Store), new KeyValuePair<string, object?>("provider", b.Key.Provider))));
    }

    public void Webhook(string platform, string result, string reason = "none")
        => webhooks.Add(1, Label("platform", platform), Label("result", result), Label("reason", reason));

    public void VerificationFinished(string state, long storeId, TimeSpan sinceOrder)
    {
        finished.Add(1, Label("state", state), Label("store", Store(storeId)));
        outcomeWait.Record(Math.Max(0, sinceOrder.TotalSeconds), Label("state", state));
    }

    public void FirstDial(string platform, TimeSpan sinceOrder) => firstDialWait.Record(Math.Max(0, sinceOrder.TotalSeconds), Label("platform", platform));

    public void Dial(string result) => dials.Add(1, Label("result", result));

    public void CallResult(string result) => callResults.Add(1, Label("result", result));

    public void SmsResult(string gateway, string result) => sms.Add(1, Label("gateway", gateway), Label("result", result));

    public void WriteBack(string platform, string result) => writeBacks.Add(1, Label("platform", platform), Label("result", result));

    public void ProviderRequest(string provider, string outcome, TimeSpan duration)
        => providerRequests.Record(duration.TotalSeconds, Label("provider", provider), Label("outcome", outcome));

    public void Balance(long storeId, string provider, bool low) => lowBalances[(Store(storeId), provider)] = low ? 1 : 0;

    /// The store's label: its id while fewer than Metrics:StoreLabels stores have one, "other" after that, "all" when
    /// the limit is 0. Ids, never names: a store's name can be a person's.
    public string Store(long storeId)
    {
        if (storeLabelLimit == 0)
        {
            return "all";
        }

        if (storeLabels.TryGetValue(storeId, out var label))
        {
            return label;
        }

        return storeLabels.Count >= storeLabelLimit ? "other" : storeLabels.GetOrAdd(storeId, id => id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static KeyValuePair<string, object?> Label(string key, string value) => new(key, value);

    private static Counter<long> Counter(Meter meter, InstrumentInfo info) => meter.CreateCounter<long>(info.Name, info.Unit, info.Description);

    private static Histogram<double> Histogram(Meter meter, InstrumentInfo info)
        => meter.CreateHistogram(info.Name, info.Unit, info.Description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = info.Buckets });

    private static void Gauge(Meter meter, InstrumentInfo info, Func<IEnumerable<Measurement<long>>> read)
        => meter.CreateObservableGauge(info.Name, read, info.Unit, info.Description);
}
