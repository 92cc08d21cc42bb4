using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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

        // One deadline for the lot: every order settles (a final state, write-back no longer pending) or it runs out.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        Dictionary<string, JsonObject> seen;
        while (true)
        {
            seen = [];
            foreach (var storeId in orders.Select(o => o.StoreId).Distinct())
            {
                var page = await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeId}&limit=500");
                foreach (var item in page!["items"]!.AsArray())
                {
                    seen[item!["orderId"]!.GetValue<string>()] = item.AsObject();
                }
            }

            var settled = orders.All(o => seen.TryGetValue(Id(o.OrderId), out var v) && Final.Contains(v["status"]!.GetValue<string>()) && v["writeBack"]?.GetValue<string>() != "pending");
            if (settled || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        var wrong = orders
            .Select(o => (o, v: seen.GetValueOrDefault(Id(o.OrderId))))
            .Where(x => x.v is null || x.v["status"]!.GetValue<string>() != x.o.Expected || x.v["writeBack"]?.GetValue<string>() != "done")
            .Select(x => $"{x.o.OrderId}: {x.v?["status"]} ({x.v?["reason"]}), write-back {x.v?["writeBack"]}, expected {x.o.Expected}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {orders.Count} orders ended wrong:\n{string.Join("\n", wrong)}");
        Assert.All(orders, o => Assert.Equal(1, _robo.Dials(o.Phone)));
        // Retried reads carry a 25 % failure rate: no poll should have given up on its read at all.
        var unread = app.Logs.Lines.Where(l => l.Contains("could not be read", StringComparison.Ordinal)).ToList();
        Assert.True(unread.Count == 0, $"{unread.Count} polls could not read the call status, e.g. {unread.FirstOrDefault()}");
        Assert.Equal(orders.Count(o => o.Expected == "cancelled"), _shop.Operations("mutation CancelOrder").Select(e => ShopifyAdminStub.Variables(e).GetProperty("orderId").GetString()).Distinct().Count());
        // The outage really happened on both sides.
        Assert.True(_robo.InjectedFailures >= 15, $"only {_robo.InjectedFailures} Robo Call reads failed");
        Assert.True(_shop.InjectedFailures >= 30, $"only {_shop.InjectedFailures} Shopify requests failed");
    }

    private static readonly HashSet<string> Final = ["confirmed", "cancelled", "callback", "no-input", "unreachable", "needs-attention", "skipped", "invalid-phone"];

    public void Dispose()
    {
        _shop.Dispose();
        _robo.Dispose();
    }

    private static string Id(long orderId) => orderId.ToString(CultureInfo.InvariantCulture);
}
