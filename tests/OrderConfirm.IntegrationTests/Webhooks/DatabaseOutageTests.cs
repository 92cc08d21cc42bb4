using System.Collections.Concurrent;
using System.Net;
using Dapper;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OrderConfirm.IntegrationTests.Webhooks;

/// PostgreSQL really stops under webhook traffic and comes back: nothing that was acknowledged may stall.
[Collection(SharedInfrastructure.Name)]
public sealed class DatabaseOutageTests(RoboCallStub roboCall, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_acknowledged_order_has_its_verification_within_a_minute_of_the_database_coming_back()
    {
        var cluster = await PostgresCluster.StartLocalAsync();
        try
        {
            using var shop = new ShopifyAdminStub().MutationsSucceed();
            // Tagging an order cod-pending takes a while, as in a real shop, so the processor has a batch in hand
            // when the database stops.
            shop.Answer("TagsAdd", new { data = new { tagsAdd = new { node = new { id = "gid://shopify/Order/1" }, userErrors = Array.Empty<object>() } } }, priority: 1, delay: TimeSpan.FromMilliseconds(150));
            var connectionString = await cluster.CreateDatabaseAsync();
            await using var app = OrderConfirmApp.Start(connectionString, roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
            using var admin = app.AdminClient();
            var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: shop.BaseUrl);

            var acked = new ConcurrentBag<long>();
            var refused = 0;
            var nextOrder = 7_700_000_000L;
            using var traffic = new CancellationTokenSource();
            async Task SendAsync()
            {
                using var client = app.CreateClient();
                while (!traffic.IsCancellationRequested)
                {
                    var orderId = Interlocked.Increment(ref nextOrder);
                    shop.Order(orderId);
                    using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, "03001234567"), store.Secret);
                    try
                    {
                        using var response = await client.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acked.Add(orderId);
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref refused);
                    }

                    await Task.Delay(200);
                }
            }

            var senders = Task.WhenAll(SendAsync(), SendAsync());
            await Task.Delay(TimeSpan.FromSeconds(3));
            var beforeOutage = acked.Count;
            var verifiedBefore = (await VerifiedAsync(connectionString, store.StoreId)).Count;
            await cluster.StopAsync();
            await Task.Delay(Outage);
            await cluster.StartAsync();
            var back = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(3));
            await traffic.CancelAsync();
            await senders;

            // Only acknowledged deliveries count: Shopify delivers the refused ones again.
            var expected = acked.ToHashSet();
            HashSet<string> verified;
            do
            {
                await Task.Delay(500);
                verified = await VerifiedAsync(connectionString, store.StoreId);
            }
            while (expected.Any(o => !verified.Contains(o.ToString(System.Globalization.CultureInfo.InvariantCulture))) && DateTime.UtcNow - back < TimeSpan.FromSeconds(60));

            output.WriteLine($"acked {expected.Count} ({beforeOutage} before the outage, {verifiedBefore} of them verified when it began), refused {refused}, verified {verified.Count} after {DateTime.UtcNow - back:g}");
            Assert.True(beforeOutage > 0 && expected.Count > beforeOutage, "the traffic did not span the outage");
            var missing = expected.Where(o => !verified.Contains(o.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged orders have no verification a minute after the database came back");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<HashSet<string>> VerifiedAsync(string connectionString, long storeId)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return (await connection.QueryAsync<string>(new CommandDefinition("select order_id from verifications where store_id = @storeId", new { storeId }))).ToHashSet();
    }
}
