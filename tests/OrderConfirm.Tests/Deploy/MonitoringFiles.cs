using System.Text.Json;
using OrderConfirm.Telemetry;
using OrderConfirm.Tests.Docs;
using YamlDotNet.Serialization;

namespace OrderConfirm.Tests.Deploy;

/// deploy/monitoring/ as the tests read it: the alert rules and scrape config as plain YAML trees (maps, lists,
/// strings), the dashboard as JSON, and the series a query may name.
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

    public static Dictionary<object, object> ReadYaml(string relative)
        => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(RepositoryFiles.Read(relative));

    /// Every rule of every group in alerts.yml.
    public static IReadOnlyList<Dictionary<object, object>> AlertRules()
        => ReadYaml(Alerts)["groups"].AsList()
            .SelectMany(g => g.AsMap()["rules"].AsList())
            .Select(r => r.AsMap())
            .ToList();

    public static Dictionary<object, object> AsMap(this object node)
        => node as Dictionary<object, object> ?? throw new InvalidOperationException($"Expected a YAML map, found {node}");

    public static List<object> AsList(this object node)
        => node as List<object> ?? throw new InvalidOperationException($"Expected a YAML list, found {node}");

    public static string? Text(this Dictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value as string : null;
}
