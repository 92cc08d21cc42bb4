using System.Text.RegularExpressions;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// deploy/monitoring/alerts.yml can fire: every rule reads only series the service exports, waits a while before it
/// fires, has a severity and says what happened and where its runbook is (a heading of docs/monitoring.md).
public sealed partial class AlertRulesTests
{
    private static readonly string[] Severities = ["warning", "critical"];

    [Fact]
    public void Every_alert_reads_only_series_the_service_exports()
    {
        var unknown = MonitoringFiles.AlertRules()
            .SelectMany(rule => PromQl.MetricNames(rule.Text("expr") ?? "").Select(name => $"{rule.Text("alert")}: {name}"))
            .Where(hit => !MonitoringFiles.IsKnownSeries(hit[(hit.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .ToList();

        Assert.True(unknown.Count == 0, "Alerts reading series no scrape has (see TelemetryCatalog):\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Every_alert_has_an_expression_a_wait_a_severity_and_a_summary_description_and_runbook()
    {
        var rules = MonitoringFiles.AlertRules();
        Assert.True(rules.Count >= 5, $"alerts.yml has {rules.Count} rules");
        foreach (var rule in rules)
        {
            var name = rule.Text("alert");
            Assert.False(string.IsNullOrWhiteSpace(name), "A rule without an alert name (recording rules belong elsewhere)");
            Assert.NotEmpty(PromQl.MetricNames(rule.Text("expr") ?? ""));
            Assert.Matches(Duration(), rule.Text("for") ?? $"{name} has no 'for'");
            Assert.Contains(rule["labels"]!.Text("severity"), Severities);
            var annotations = rule["annotations"]!;
            Assert.False(string.IsNullOrWhiteSpace(annotations.Text("summary")), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(annotations.Text("description")), $"{name} has no description");
            Assert.StartsWith(MonitoringFiles.Docs + "#", annotations.Text("runbook_url") ?? $"{name} has no runbook_url", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_runbook_link_names_a_section_of_the_monitoring_doc()
    {
        var anchors = Markdown.Anchors(RepositoryFiles.Read(MonitoringFiles.Docs));
        var missing = MonitoringFiles.AlertRules()
            .Select(rule => rule["annotations"]!.Text("runbook_url") ?? "")
            .Select(url => url[(url.IndexOf('#', StringComparison.Ordinal) + 1)..])
            .Where(anchor => !anchors.Contains(anchor))
            .ToList();

        Assert.True(missing.Count == 0, "Runbook anchors with no heading in docs/monitoring.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_scrape_alert_watches_the_job_the_scrape_config_defines()
    {
        var jobs = MonitoringFiles.ReadYaml(MonitoringFiles.Scrape)["scrape_configs"]!.AsArray().Select(j => j!.Text("job_name")).ToList();
        var upRules = MonitoringFiles.AlertRules().Select(r => r.Text("expr") ?? "").Where(e => PromQl.MetricNames(e).Contains("up")).ToList();

        Assert.NotEmpty(upRules);
        Assert.All(upRules, expr => Assert.Contains(JobMatcher().Match(expr).Groups["job"].Value, jobs));
    }

    [Fact]
    public void The_scrape_config_reads_metrics_with_a_bearer_key_from_a_file_on_port_8080()
    {
        var job = MonitoringFiles.ReadYaml(MonitoringFiles.Scrape)["scrape_configs"]!.AsArray().Single()!;
        var authorization = job["authorization"]!.AsObject();

        Assert.Equal(OrderConfirm.Telemetry.TelemetrySetup.MetricsPath, job.Text("metrics_path"));
        Assert.Equal("Bearer", authorization.Text("type"));
        Assert.False(string.IsNullOrWhiteSpace(authorization.Text("credentials_file")));
        Assert.False(authorization.ContainsKey("credentials"), "The key belongs in a file, never in the config itself");
        Assert.Contains(job["relabel_configs"]!.AsArray(), r => r!.Text("replacement") == "$1:8080");
    }

    [GeneratedRegex(@"^\d+[smhd]$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"job\s*=\s*""(?<job>[^""]+)""")]
    private static partial Regex JobMatcher();
}
