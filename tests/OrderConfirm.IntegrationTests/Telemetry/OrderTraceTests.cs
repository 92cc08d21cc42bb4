using System.Collections.Concurrent;
using System.Diagnostics;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Telemetry;

/// One order's trace: the webhook arrives with the shop's traceparent, and every span the service makes for that order
/// afterwards (processing the delivery, the dial, each poll, the write-back and the requests they send) is in the same
/// trace, however many background jobs carried it. No span holds the customer's phone or name, or a key.
[Collection(SharedInfrastructure.Name)]
public sealed class OrderTraceTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task An_order_is_one_trace_from_its_webhook_to_its_write_back()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "OrderConfirm" or "System.Net.Http" or "Microsoft.AspNetCore" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var shop = new ShopifyAdminStub().MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: shop.BaseUrl);
        var traceId = ActivityTraceId.CreateRandom();

        var (id, phone, typed) = await ConfirmedOrder.RunAsync(app, roboCall, shop, store, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        await WaitAsync(() => spans.Any(s => s.OperationName == "write back" && s.TraceId == traceId));

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var names = trace.Select(s => s.OperationName).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["process webhook", "dial", "poll call", "write back"]), names);
        var dial = Assert.Single(trace, s => s.OperationName == "dial");
        Assert.Equal(id, dial.GetTagItem("orderconfirm.verification_id"));
        // Linked to the Hangfire run that carried it, by the run's job id.
        Assert.False(string.IsNullOrEmpty(dial.GetTagItem(OrderConfirm.Telemetry.OrderTraces.JobIdTag) as string));
        Assert.Single(dial.Links);
        // The requests the order's work sent are in the trace too: the dial to Robo Call and the write-back to Shopify.
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.GetTagItem("server.address") is "localhost" or "127.0.0.1");

        var values = trace.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName)).ToList();
        foreach (var personal in new[] { phone, typed, phone[2..], "Ayesha", "Khan", store.Secret, "shpat_test", RoboCallStub.ApiKey })
        {
            Assert.DoesNotContain(values, v => v.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }
}
