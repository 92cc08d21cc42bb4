using System.Globalization;
using OrderConfirm.Telemetry;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// docs/monitoring.md's instrument table is the catalog: one row per instrument, by the name Prometheus shows, with
/// its type and labels, and no row for an instrument the service does not have.
public sealed class MonitoringDocsTests
{
    [Fact]
    public void The_instrument_table_lists_exactly_the_catalogs_instruments()
    {
        var documented = InstrumentRows().Select(r => r.Name).ToList();
        var catalog = TelemetryCatalog.All.Select(i => i.PrometheusName).ToList();

        Assert.Equal(documented.Count, documented.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(catalog.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_row_gives_the_instruments_type_and_labels()
    {
        foreach (var (name, type, labels) in InstrumentRows())
        {
            var instrument = TelemetryCatalog.All.Single(i => i.PrometheusName == name);
            Assert.Equal(instrument.Kind.ToString().ToLowerInvariant(), type);
            Assert.Equal(instrument.Labels.Order(StringComparer.Ordinal), labels.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_defaults_the_doc_states_are_the_options_defaults()
    {
        var doc = RepositoryFiles.Read(MonitoringFiles.Docs);
        var defaults = new MetricsOptions();

        Assert.Contains($"`Metrics:StoreLabels` ({defaults.StoreLabels.ToString("N0", CultureInfo.InvariantCulture)})", doc, StringComparison.Ordinal);
        Assert.Contains($"`Metrics:SampleInterval` ({defaults.SampleInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)", doc, StringComparison.Ordinal);
        Assert.Contains($"`Metrics:OverdueAfter` ({defaults.OverdueAfter.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min)", doc, StringComparison.Ordinal);
    }

    // A row of the table: the name in backticks in the first cell, the type, and the labels in backticks ("none": no label).
    private static IEnumerable<(string Name, string Type, IReadOnlyList<string> Labels)> InstrumentRows()
        => Markdown.TableRows(RepositoryFiles.Read(MonitoringFiles.Docs))
            .Where(row => row.Cells.Count == 4 && row.Cells[0].StartsWith('`'))
            .Select(row => (Markdown.CodeSpans(row.Cells[0]).Single(), row.Cells[1], (IReadOnlyList<string>)Markdown.CodeSpans(row.Cells[2]).ToList()));
}
