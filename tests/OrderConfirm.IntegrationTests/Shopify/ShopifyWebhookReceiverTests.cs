using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Shopify;

/// The request path: who may deliver, what is stored, what is answered.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyWebhookReceiverTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private (long StoreId, string Domain, string Secret) _store;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        _admin = _app.AdminClient();
        _store = await _admin.CreateShopifyStoreAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("X-Shopify-Hmac-Sha256")]
    [InlineData("X-Shopify-Shop-Domain")]
    [InlineData("X-Shopify-Topic")]
    [InlineData("X-Shopify-Webhook-Id")]
    public async Task Missing_required_header_is_401_and_nothing_is_stored(string header)
    {
        var id = Guid.NewGuid().ToString();
        using var request = ShopifyWebhooks.Delivery(_store.Domain, "orders/create", ShopifyWebhooks.Order(1, "03001234567"), _store.Secret, id);
        request.Headers.Remove(header);

        await AssertRejectedAsync(request, id);
    }

    [Fact]
    public async Task Wrong_secret_is_401_and_nothing_is_stored()
    {
        var id = Guid.NewGuid().ToString();
        await AssertRejectedAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", ShopifyWebhooks.Order(2, "03001234567"), "not-the-secret", id), id);
    }

    [Fact]
    public async Task Body_changed_after_signing_is_401()
    {
        var id = Guid.NewGuid().ToString();
        using var request = ShopifyWebhooks.Delivery(_store.Domain, "orders/create", ShopifyWebhooks.Order(3, "03001234567"), _store.Secret, id);
        request.Content = new StringContent(ShopifyWebhooks.Order(3, "03009999999"), Encoding.UTF8, "application/json");

        await AssertRejectedAsync(request, id);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    [InlineData("")]
    public async Task Malformed_signature_header_is_401(string signature)
    {
        var id = Guid.NewGuid().ToString();
        using var request = ShopifyWebhooks.Delivery(_store.Domain, "orders/create", ShopifyWebhooks.Order(4, "03001234567"), _store.Secret, id);
        request.Headers.Remove("X-Shopify-Hmac-Sha256");
        request.Headers.TryAddWithoutValidation("X-Shopify-Hmac-Sha256", signature);

        await AssertRejectedAsync(request, id);
    }

    [Fact]
    public async Task Unknown_shop_is_401()
    {
        var id = Guid.NewGuid().ToString();
        await AssertRejectedAsync(ShopifyWebhooks.Delivery("nobody.myshopify.com", "orders/create", ShopifyWebhooks.Order(5, "03001234567"), _store.Secret, id), id);
    }

    [Fact]
    public async Task Previous_secret_is_accepted_during_a_rotation()
    {
        using var rotate = new HttpRequestMessage(HttpMethod.Patch, $"/api/stores/{_store.StoreId}")
        {
            Content = new StringContent("""{"webhookSecret":"the-new-secret-123"}""", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await _admin.SendAsync(rotate)).StatusCode);
        using var client = _app.CreateClient();

        var withOld = await client.SendAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", ShopifyWebhooks.Order(6, "03001234567"), _store.Secret));
        var withNew = await client.SendAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", ShopifyWebhooks.Order(7, "03001234567"), "the-new-secret-123"));

        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
    }

    [Fact]
    public async Task Signed_body_that_is_not_json_is_400()
    {
        using var client = _app.CreateClient();

        var response = await client.SendAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", "{\"id\": 1,", _store.Secret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_413()
    {
        using var client = _app.CreateClient();
        var huge = $$"""{"id": 8, "note": "{{new string('x', 1_100_000)}}"}""";

        var response = await client.SendAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", huge, _store.Secret));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Accepted_delivery_is_stored_once_and_its_body_is_dropped_after_processing()
    {
        using var client = _app.CreateClient();
        var id = Guid.NewGuid().ToString();
        var body = ShopifyWebhooks.Order(9, "03001234567");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", body, _store.Secret, id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ShopifyWebhooks.Delivery(_store.Domain, "orders/create", body, _store.Secret, id))).StatusCode);

        Assert.StartsWith("verification", await _app.WaitForDeliveryAsync(id), StringComparison.Ordinal);
        var row = Assert.Single(await _app.InboxRowsAsync(id));
        Assert.Equal(("done", 0L, _store.StoreId, "orders/create"), (row.Status, row.BodyKept, row.StoreId, row.Topic));
    }

    private async Task AssertRejectedAsync(HttpRequestMessage request, string webhookId)
    {
        using var client = _app.CreateClient();
        using (request)
        {
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Every row, not just the webhook id sent: a request without that header must not be stored under another id.
        Assert.Empty(await _app.InboxRowsAsync());
        Assert.Null(await _app.Services.GetRequiredService<WebhookDeliveries>().StatusAsync("shopify", webhookId, CancellationToken.None));
    }
}
