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

    private static async Task SetAsync(OrderConfirmApp app, string deliveryId, string status, DateTimeOffset processedAt)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition("update webhook_deliveries set status = @status, processed_at = @at where delivery_id = @deliveryId", new { status, at = processedAt.ToUnixTimeMilliseconds(), deliveryId }));
    }
}
