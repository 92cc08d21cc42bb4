using System.Text;
using OrderConfirm.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Telemetry;

/// With the standard OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics go to the collector there (OTLP over HTTP,
/// protobuf; a WireMock collector here), and the bodies carry the service's spans and instruments but nothing of the
/// customer's. Without it nothing is sent anywhere (every other test runs so).
[Collection(SharedInfrastructure.Name)]
public sealed class OtlpExportTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Traces_and_metrics_go_to_the_configured_collector_without_personal_data()
    {
        using var collector = WireMockServer.Start();
        collector.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var shop = new ShopifyAdminStub().MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: shop.BaseUrl);

        var (_, phone, typed) = await ConfirmedOrder.RunAsync(app, roboCall, shop, store);

        // Protobuf writes strings as UTF-8 bytes, so a name in a body is found as text.
        string Bodies(string path) => string.Join('\n', collector.LogEntries.Where(e => e.RequestMessage?.Path == path)
            .Select(e => Encoding.UTF8.GetString(e.RequestMessage!.BodyAsBytes ?? [])));
        await WaitAsync(() => Bodies("/v1/traces").Contains("write back", StringComparison.Ordinal)
            && Bodies("/v1/metrics").Contains("orderconfirm.calls.results", StringComparison.Ordinal));

        var sent = Bodies("/v1/traces") + Bodies("/v1/metrics");
        Assert.Contains("orderconfirm", sent, StringComparison.Ordinal); // service.name
        foreach (var personal in new[] { phone, typed, phone[2..], "Ayesha", "Khan", store.Secret, "shpat_test", RoboCallStub.ApiKey, OrderConfirmApp.AdminKey })
        {
            Assert.DoesNotContain(personal, sent, StringComparison.OrdinalIgnoreCase);
        }
    }
}
