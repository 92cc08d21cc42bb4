namespace OrderConfirm.Telemetry;

public enum InstrumentKind
{
    Counter,
    Histogram,
    Gauge,
}

/// One of the service's own instruments: its OpenTelemetry name, unit, what it counts and the labels it carries. The
/// labels are closed sets (a platform, a state, a provider) or the bounded store label: never a phone number, a name,
/// a key or a token.
public sealed record InstrumentInfo(string Name, string Unit, InstrumentKind Kind, string Description, IReadOnlyList<string> Labels, IReadOnlyList<double>? Buckets = null)
{
    /// The metric family name the Prometheus exporter writes: dots become underscores, a unit adds its suffix
    /// (s → _seconds; a {annotation} adds nothing) and a counter ends in _total.
    public string PrometheusName
    {
        get
        {
            var name = Name.Replace('.', '_');
            var unit = Unit switch { "s" => "seconds", "By" => "bytes", _ => "" };
            if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                name += "_" + unit;
            }

            return Kind == InstrumentKind.Counter ? name + "_total" : name;
        }
    }

    /// Every series name a scrape holds for it: a histogram's _bucket, _sum and _count.
    public IEnumerable<string> PrometheusSeries => Kind == InstrumentKind.Histogram
        ? [PrometheusName + "_bucket", PrometheusName + "_sum", PrometheusName + "_count"]
        : [PrometheusName];
}

/// Everything the service measures about its own work, in one list: the meter records these, the docs table them, and
/// deploy/'s dashboards and alerts may use only these (and the few standard series below), which tests check.
public static class TelemetryCatalog
{
    public const string MeterName = "OrderConfirm";

    private static readonly double[] WaitBuckets = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400, 259200];
    private static readonly double[] LatencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

    public static readonly InstrumentInfo Webhooks = new(
        "orderconfirm.webhooks", "{webhook}", InstrumentKind.Counter,
        "Shop webhooks received, by platform, result (accepted, refused) and reason (none, ping; signature, unknown_store, headers, malformed, too_large, unavailable).",
        ["platform", "result", "reason"]);

    public static readonly InstrumentInfo VerificationsFinished = new(
        "orderconfirm.verifications.finished", "{verification}", InstrumentKind.Counter,
        "Verifications whose work ended (written back, stopped, or needing a person), by final state and store; a verification that is redialled and ends again counts again.",
        ["state", "store"]);

    public static readonly InstrumentInfo FirstDialWait = new(
        "orderconfirm.verification.first_dial_wait", "s", InstrumentKind.Histogram,
        "Time from the order's webhook to its first dial (calling hours and the configured delay included).",
        ["platform"], WaitBuckets);

    public static readonly InstrumentInfo OutcomeWait = new(
        "orderconfirm.verification.outcome_wait", "s", InstrumentKind.Histogram,
        "Time from the order's webhook to its final state.",
        ["state"], WaitBuckets);

    public static readonly InstrumentInfo Dials = new(
        "orderconfirm.dials", "{dial}", InstrumentKind.Counter,
        "Dial requests to Robo Call, by result: placed, refused, or unknown (no answer to the request: never redialled).",
        ["result"]);

    public static readonly InstrumentInfo CallResults = new(
        "orderconfirm.calls.results", "{call}", InstrumentKind.Counter,
        "Calls that ended: by the outcome they gave (confirmed, cancelled, callback, no-input, unreachable), no-answer-policy (the store's policy decided an unanswered last attempt) or reattempt (unanswered, another attempt scheduled).",
        ["result"]);

    public static readonly InstrumentInfo Sms = new(
        "orderconfirm.sms", "{sms}", InstrumentKind.Counter,
        "Text messages, by gateway and result: sent, failed, or unknown (no answer to the send: never resent).",
        ["gateway", "result"]);

    public static readonly InstrumentInfo WriteBacks = new(
        "orderconfirm.writebacks", "{writeback}", InstrumentKind.Counter,
        "Write-back requests to the shop, by platform and result: written, retry (tried again later), throttled (the shop asked to wait), superseded (a newer outcome came), failed (refused for good), error (the write-back threw).",
        ["platform", "result"]);

    public static readonly InstrumentInfo QueueDue = new(
        "orderconfirm.queue.due", "{verification}", InstrumentKind.Gauge,
        "Verifications whose next step (call, dialing, poll, apply) is due now, sampled from the database.",
        ["step"]);

    public static readonly InstrumentInfo QueueOverdue = new(
        "orderconfirm.queue.overdue", "{verification}", InstrumentKind.Gauge,
        "Verifications whose next step has been due for longer than Metrics:OverdueAfter: the engine is behind.",
        ["step"]);

    public static readonly InstrumentInfo ProviderRequests = new(
        "orderconfirm.provider.request.duration", "s", InstrumentKind.Histogram,
        "Outside requests (after their retries) by provider and outcome (ok, http_4xx, http_429, http_5xx, timeout, network), with their duration.",
        ["provider", "outcome"], LatencyBuckets);

    public static readonly InstrumentInfo FailedDeliveries = new(
        "orderconfirm.webhook_deliveries.failed", "{delivery}", InstrumentKind.Gauge,
        "Webhook deliveries that failed for good and wait for an operator's retry, sampled from the database.",
        []);

    public static readonly InstrumentInfo LowBalances = new(
        "orderconfirm.balance.low", "{account}", InstrumentKind.Gauge,
        "1 when the store's last balance read of the provider (robocall or an SMS gateway) was below its warning level, else 0.",
        ["store", "provider"]);

    public static IReadOnlyList<InstrumentInfo> All { get; } =
    [
        Webhooks, VerificationsFinished, FirstDialWait, OutcomeWait, Dials, CallResults, Sms, WriteBacks, QueueDue,
        QueueOverdue, ProviderRequests, FailedDeliveries, LowBalances,
    ];

    /// Standard series from the instrumentation libraries that dashboards may use besides the service's own.
    public static IReadOnlyList<string> StandardSeries { get; } =
    [
        "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_count", "http_server_request_duration_seconds_sum",
        "dotnet_process_memory_working_set_bytes", "dotnet_thread_pool_queue_length_total",
    ];

    /// Every series name a dashboard or alert rule may use.
    public static IReadOnlySet<string> AllSeries { get; } =
        All.SelectMany(i => i.PrometheusSeries).Concat(StandardSeries).ToHashSet(StringComparer.Ordinal);
}
