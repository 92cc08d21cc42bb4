using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Shopify;

/// A partial provider outage costs retries, not outcomes: with a quarter of the Robo Call status reads and of the
/// Shopify Admin API requests failing at random (500 or 429), every order still reaches the outcome its customer
/// chose and is written back.
[Collection(SharedInfrastructure.Name)]
public sealed class PartialOutageTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const double FailureShare = 0.25;
    private const int Stores = 4;
    private const int OrdersPerStore = 10;
    private static long _orders = 7_770_000_000;
    private readonly ShopifyAdminStub _shop = new ShopifyAdminStub().FailAtRandom(FailureShare, seed: 20_261_123);
    private readonly FlakyRoboCall _robo = new(FailureShare, seed: 6_112);

    [Fact]
    public async Task Quarter_of_provider_requests_failing_at_random_still_gets_every_order_its_real_outcome()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:BaseUrl"] = _robo.BaseUrl,
            ["RoboCall:ReadRetryDelay"] = "00:00:00.050",
            ["Shopify:RetryDelay"] = "00:00:00.050",
        });
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var orders = new List<(long StoreId, long OrderId, string Phone, string Expected)>();
        for (var s = 0; s < Stores; s++)
        {
            var store = await admin.CreateShopifyStoreAsync($"Store {s}", apiBaseUrl: _shop.BaseUrl);
            for (var o = 0; o < OrdersPerStore; o++)
            {
                var (phone, typed) = RoboCallStub.NewPhone();
                var orderId = Interlocked.Increment(ref _orders);
                var confirms = (s + o) % 2 == 0;
                _shop.Order(orderId);
                _robo.Answers(phone, confirms ? 1 : 2);
                using var delivery = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
                (await shopify.SendAsync(delivery)).EnsureSuccessStatusCode();
                orders.Add((store.StoreId, orderId, phone, confirms ? "confirmed" : "cancelled"));
            }
        }

        var wrong = new List<string>();
        foreach (var (storeId, orderId, phone, expected) in orders)
        {
            var id = (await admin.WaitForOrderAsync(storeId, orderId))["id"]!.GetValue<long>();
            try
            {
                var done = await admin.WaitForStatusAsync(id, expected, TimeSpan.FromSeconds(90));
                if (done["writeBack"]!.GetValue<string>() != "done")
                {
                    wrong.Add($"{orderId}: write-back {done["writeBack"]}");
                }
            }
            catch (TimeoutException)
            {
                var last = await admin.GetVerificationAsync(id);
                wrong.Add($"{orderId}: {last["status"]} ({last["reason"]}), expected {expected}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {orders.Count} orders ended wrong:\n{string.Join("\n", wrong)}");
        Assert.All(orders, o => Assert.Equal(1, _robo.Dials(o.Phone)));
        Assert.Equal(orders.Count(o => o.Expected == "cancelled"), _shop.Operations("mutation CancelOrder").Select(e => ShopifyAdminStub.Variables(e).GetProperty("orderId").GetString()).Distinct().Count());
        // The outage really happened on both sides.
        Assert.True(_robo.InjectedFailures >= 15, $"only {_robo.InjectedFailures} Robo Call reads failed");
        Assert.True(_shop.InjectedFailures >= 30, $"only {_shop.InjectedFailures} Shopify requests failed");
    }

    public void Dispose()
    {
        _shop.Dispose();
        _robo.Dispose();
    }
}
