using System.Text.Json;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Tests.Deploy;

/// deploy/monitoring/grafana-dashboard.json imports and draws: it parses, every panel queries Prometheus through the
/// dashboard's datasource variable, every query reads only series the service exports, and the store picker lists a
/// label the series really carry.
public sealed class GrafanaDashboardTests
{
    private const string DatasourceVariable = "${DS_PROMETHEUS}";

    [Fact]
    public void Every_panel_has_a_description_and_a_prometheus_query_through_the_datasource_variable()
    {
        using var dashboard = MonitoringFiles.ReadDashboard();
        var panels = Panels(dashboard).ToList();

        Assert.True(panels.Count >= 15, $"The dashboard has {panels.Count} panels");
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.False(string.IsNullOrWhiteSpace(panel.TryGetProperty("description", out var d) ? d.GetString() : null), $"{title} has no description");
            Assert.Equal(DatasourceVariable, panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"{title} has a target without expr"));
            Assert.All(targets, t => Assert.Equal(DatasourceVariable, t.GetProperty("datasource").GetProperty("uid").GetString()));
        }
    }

    [Fact]
    public void Every_query_reads_only_series_the_service_exports()
    {
        using var dashboard = MonitoringFiles.ReadDashboard();
        var unknown = Panels(dashboard)
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Title: p.GetProperty("title").GetString(), Expr: t.GetProperty("expr").GetString() ?? "")))
            .SelectMany(t => PromQl.MetricNames(t.Expr).Where(n => !TelemetryCatalog.AllSeries.Contains(n)).Select(n => $"{t.Title}: {n}"))
            .ToList();

        Assert.True(unknown.Count == 0, "Panels reading series no scrape has (see TelemetryCatalog):\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void The_datasource_is_a_variable_of_prometheus_sources_so_the_dashboard_imports_anywhere()
    {
        using var dashboard = MonitoringFiles.ReadDashboard();
        var variable = Variables(dashboard).Single(v => v.GetProperty("name").GetString() == "DS_PROMETHEUS");

        Assert.Equal("datasource", variable.GetProperty("type").GetString());
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
        Assert.InRange(dashboard.RootElement.GetProperty("schemaVersion").GetInt32(), 36, 41);
    }

    [Fact]
    public void The_store_picker_lists_the_store_label_of_a_series_that_carries_it()
    {
        using var dashboard = MonitoringFiles.ReadDashboard();
        var store = Variables(dashboard).Single(v => v.GetProperty("name").GetString() == "store");
        var query = store.GetProperty("query").GetProperty("query").GetString() ?? "";

        var (metric, label) = PromQl.LabelValuesQuery(query) ?? throw new Xunit.Sdk.XunitException($"Not a label_values query: {query}");
        var instrument = TelemetryCatalog.All.SingleOrDefault(i => i.PrometheusSeries.Contains(metric));
        Assert.True(instrument is not null, $"{metric} is no series of the service");
        Assert.Equal("store", label);
        Assert.Contains(label, instrument.Labels);
    }

    [Fact]
    public void Panels_that_filter_by_store_read_series_with_a_store_label()
    {
        using var dashboard = MonitoringFiles.ReadDashboard();
        var storeFiltered = Panels(dashboard)
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString() ?? ""))
            .Where(e => e.Contains("$store", StringComparison.Ordinal))
            .SelectMany(PromQl.MetricNames)
            .ToList();

        Assert.NotEmpty(storeFiltered);
        Assert.All(storeFiltered, name => Assert.Contains("store", TelemetryCatalog.All.Single(i => i.PrometheusSeries.Contains(name)).Labels));
    }

    // Rows only group panels; they query nothing.
    private static IEnumerable<JsonElement> Panels(JsonDocument dashboard)
        => dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    private static JsonElement.ArrayEnumerator Variables(JsonDocument dashboard)
        => dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray();
}
