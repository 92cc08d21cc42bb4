using OrderConfirm.Telemetry;

namespace OrderConfirm.Tests.Telemetry;

public sealed class OrderConfirmMetricsTests
{
    [Fact]
    public void Stores_get_their_own_label_up_to_the_limit_and_share_one_after_it()
    {
        using var recorded = new RecordedMeasurements(storeLabels: 2);

        Assert.Equal(["7", "8", "other", "7", "other"], new long[] { 7, 8, 9, 7, 10 }.Select(recorded.Metrics.Store));
    }

    [Fact]
    public void A_limit_of_zero_puts_every_store_under_one_label()
    {
        using var recorded = new RecordedMeasurements(storeLabels: 0);

        recorded.Metrics.VerificationFinished("confirmed", 42, TimeSpan.FromMinutes(3));

        Assert.Equal(1, recorded.Sum(TelemetryCatalog.VerificationsFinished, ("store", "all"), ("state", "confirmed")));
        Assert.Equal(180, recorded.Sum(TelemetryCatalog.OutcomeWait, ("state", "confirmed")));
    }

    [Fact]
    public void Gauges_report_the_last_sampled_values()
    {
        using var recorded = new RecordedMeasurements();
        recorded.Readings.Set(TelemetryCatalog.QueueDue, 5, "step", "call");
        recorded.Readings.Set(TelemetryCatalog.QueueDue, 3, "step", "call");
        recorded.Metrics.Balance(4, "robocall", low: true);

        recorded.ReadGauges();

        Assert.Equal(3, recorded.Sum(TelemetryCatalog.QueueDue, ("step", "call")));
        Assert.Equal(1, recorded.Sum(TelemetryCatalog.LowBalances, ("store", "4"), ("provider", "robocall")));
    }

    [Theory]
    [InlineData("orderconfirm.webhooks", "{webhook}", InstrumentKind.Counter, "orderconfirm_webhooks_total")]
    [InlineData("orderconfirm.verification.outcome_wait", "s", InstrumentKind.Histogram, "orderconfirm_verification_outcome_wait_seconds")]
    [InlineData("orderconfirm.provider.request.duration", "s", InstrumentKind.Histogram, "orderconfirm_provider_request_duration_seconds")]
    [InlineData("orderconfirm.queue.due", "{verification}", InstrumentKind.Gauge, "orderconfirm_queue_due")]
    public void Prometheus_names_follow_the_exporters_rules(string name, string unit, InstrumentKind kind, string expected)
        => Assert.Equal(expected, new InstrumentInfo(name, unit, kind, "", []).PrometheusName);

    [Fact]
    public void Every_instrument_has_a_description_and_a_unique_name()
    {
        Assert.All(TelemetryCatalog.All, i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
        Assert.Equal(TelemetryCatalog.All.Count, TelemetryCatalog.All.Select(i => i.PrometheusName).Distinct().Count());
    }
}
