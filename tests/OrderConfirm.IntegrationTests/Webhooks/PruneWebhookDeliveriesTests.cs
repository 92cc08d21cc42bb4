using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Webhooks;

/// The inbox stops growing: deliveries applied longer ago than Webhooks:KeepAppliedFor are deleted, recent ones and
/// failed ones (kept for a replay) stay.
[Collection(SharedInfrastructure.Name)]
public sealed class PruneWebhookDeliveriesTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Deliveries_applied_longer_ago_than_the_keep_period_are_deleted_and_the_others_stay(string database)
    {
        await using var app = OrderConfirmApp.Start(database == "postgres" ? await postgres.CreateDatabaseAsync() : null, roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync();
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            // Not cash on delivery: applied without a call or a request to the shop.
            using var delivery = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(8_800 + i, "03001234567", cod: false), store.Secret, ids[i]);
            (await shopify.SendAsync(delivery)).EnsureSuccessStatusCode();
            await app.WaitForDeliveryAsync(ids[i]);
        }

        // Two applied 8 days ago, one applied 6 days ago, one failed 8 days ago.
        var now = DateTimeOffset.UtcNow;
        await SetAsync(app, ids[0], "done", now.AddDays(-8));
        await SetAsync(app, ids[1], "done", now.AddDays(-8));
        await SetAsync(app, ids[2], "done", now.AddDays(-6));
        await SetAsync(app, ids[3], "failed", now.AddDays(-8));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PruneWebhookDeliveriesJob>().RunAsync(CancellationToken.None);
        }

        var left = (await app.InboxRowsAsync()).Select(r => r.DeliveryId).ToList();
        Assert.Equal([ids[2], ids[3]], left);
    }

    [Fact]
    public async Task Closed_order_marks_older_than_the_keep_period_are_deleted_unless_their_order_may_still_be_called()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Roles"] = "web" });
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        {
            foreach (var (order, age) in new[] { ("old", 8), ("old-but-pending", 8), ("recent", 6) })
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into shop_orders (store_id, order_id, closed_reason, updated_at) values (@store, @order, 'cancelled', @at)",
                    new { store, order, at = now.AddDays(-age).ToUnixTimeMilliseconds() }));
            }

            // A verification of that order still waits for its call: the mark is what stops it.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into verifications (store_id, order_id, order_name, amount, currency, phone, status, step, created_at, updated_at)
                values (@store, 'old-but-pending', '#1', 100, 'PKR', 'x', 'pending', 'call', 0, 0)
                """,
                new { store }));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PruneWebhookDeliveriesJob>().RunAsync(CancellationToken.None);
        }

        await using var check = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var left = (await check.QueryAsync<string>(new CommandDefinition("select order_id from shop_orders order by order_id"))).ToList();
        Assert.Equal(["old-but-pending", "recent"], left);
    }

    private static async Task SetAsync(OrderConfirmApp app, string deliveryId, string status, DateTimeOffset processedAt)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition("update webhook_deliveries set status = @status, processed_at = @at where delivery_id = @deliveryId", new { status, at = processedAt.ToUnixTimeMilliseconds(), deliveryId }));
    }
}
