using System.Text.Json;
using System.Text.Json.Nodes;
using OrderConfirm.Telemetry;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// deploy/monitoring/ as the tests read it: the alert rules and scrape config through YamlDocuments (as JSON, like the
/// manifests), the dashboard as JSON, and the series a query may name.
internal static class MonitoringFiles
{
    public const string Dashboard = "deploy/monitoring/grafana-dashboard.json";
    public const string Alerts = "deploy/monitoring/alerts.yml";
    public const string Scrape = "deploy/monitoring/prometheus-scrape.yml";
    public const string Docs = "docs/monitoring.md";

    /// Prometheus's own series for each target: no instrument of ours, written by the scrape itself.
    public static IReadOnlySet<string> ScrapeSeries { get; } = new HashSet<string>(StringComparer.Ordinal) { "up" };

    public static bool IsKnownSeries(string name) => TelemetryCatalog.AllSeries.Contains(name) || ScrapeSeries.Contains(name);

    public static JsonDocument ReadDashboard() => JsonDocument.Parse(RepositoryFiles.Read(Dashboard));

    public static JsonObject ReadYaml(string relative) => YamlDocuments.Load(RepositoryFiles.Read(relative)).Single()!.AsObject();

    /// Every rule of every group in alerts.yml.
    public static IReadOnlyList<JsonObject> AlertRules()
        => [.. ReadYaml(Alerts)["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!.AsObject())];

    /// A string value of the map, or null when it is missing or not a string.
    public static string? Text(this JsonNode map, string key)
        => map[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
