using System.Net;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A WooCommerce store connected to a fresh app, with the four webhooks a merchant's install leaves (order.created,
/// order.updated, order.deleted and the delete action) pointing at it, ready to deliver the store's webhooks.
public sealed class WooCommerceShop(OrderConfirmApp app, HttpClient admin, long storeId, string secret) : IAsyncDisposable
{
    public HttpClient Admin => admin;

    public long StoreId => storeId;

    public string Secret => secret;

    public required long Created { get; init; }

    public required long Updated { get; init; }

    public required long Deleted { get; init; }

    public required long DeleteAction { get; init; }

    public static async Task<WooCommerceShop> ConnectAsync(PostgresCluster postgres, RoboCallStub roboCall, WooCommerceStoreStub woo, object? settings = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, overrides);
        var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(woo, settings: settings);
        var url = $"https://orderconfirm.example/webhooks/woocommerce/{storeId}";
        return new WooCommerceShop(app, admin, storeId, secret)
        {
            Created = woo.AddWebhook("order.created", url, secret).Id,
            Updated = woo.AddWebhook("order.updated", url, secret).Id,
            Deleted = woo.AddWebhook("order.deleted", url, secret).Id,
            DeleteAction = woo.AddWebhook("action.woocommerce_delete_order", url, secret).Id,
        };
    }

    /// Posts the store's delivery, expects 200, and waits until it is applied; returns its result line.
    public async Task<string> DeliverAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var client = app.CreateClient();
            var id = request.Headers.GetValues("X-WC-Webhook-Delivery-ID").Single();
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await app.WaitForDeliveryAsync("woocommerce", id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
    }
}
