namespace OrderConfirm.Tests.Deploy;

/// The extractor the dashboard and alert tests rely on: it must find every metric an expression reads and nothing
/// that only looks like one (functions, labels, keywords, durations, strings, Grafana variables).
public sealed class PromQlTests
{
    [Theory]
    [InlineData("histogram_quantile(0.95, sum by (le, provider) (rate(a_seconds_bucket{outcome=\"ok\"}[5m])))", "a_seconds_bucket")]
    [InlineData("sum(rate(a_total{x=~\"y(z)|w\"}[$__rate_interval])) by (platform) / ignoring(reason) group_left sum(rate(b_total[5m]))", "a_total b_total")]
    [InlineData("max by (step) (queue_overdue) > 0 and on() up{job=\"orderconfirm\"} == 0", "queue_overdue up")]
    [InlineData("count(max by (store, provider) (balance_low) == 1) or vector(0)", "balance_low")]
    [InlineData("rate(c_total[5m] offset 1h) * 1e3 > bool 2.5", "c_total")]
    [InlineData("topk(15, sum without (instance) (increase(d_total{store=~\"$store\"}[$__range])))", "d_total")]
    [InlineData("(\n  sum by (provider) (rate(x_count{outcome!=\"ok\"}[10m]))\n  /\n  sum by (provider) (rate(x_count[10m]))\n) > 0.2", "x_count")]
    [InlineData("sum(rate(ns:recorded:rate5m[5m]))", "ns:recorded:rate5m")]
    public void Finds_the_metric_names_and_nothing_else(string expression, string expected)
        => Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), PromQl.MetricNames(expression).Order(StringComparer.Ordinal));

    [Fact]
    public void A_misspelt_metric_is_found_as_a_name_of_its_own()
        => Assert.Equal(["orderconfirm_webhook_total"], PromQl.MetricNames("sum by (reason) (rate(orderconfirm_webhook_total[5m]))"));

    [Theory]
    [InlineData("label_values(orderconfirm_verifications_finished_total, store)", "orderconfirm_verifications_finished_total", "store")]
    [InlineData(" label_values( m_total{state=\"confirmed\"} , store ) ", "m_total", "store")]
    public void Reads_grafanas_label_values_query(string query, string metric, string label)
        => Assert.Equal((metric, label), PromQl.LabelValuesQuery(query));

    [Fact]
    public void Anything_else_is_no_label_values_query()
        => Assert.Null(PromQl.LabelValuesQuery("label_values(store)"));
}
