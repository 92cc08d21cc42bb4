using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Shopify;

[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyWebhookInstallTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string PublicBaseUrl = "https://confirm.example.pk";
    private readonly ShopifyAdminStub _shop = new();

    [Fact]
    public async Task Install_checks_the_token_and_creates_only_the_missing_subscriptions()
    {
        _shop.Answer("ShopCheck", new { data = new { shop = new { name = "Lahore Lawn" } } })
            .Answer("ListHooks", new
            {
                data = new
                {
                    webhookSubscriptions = new
                    {
                        nodes = new object[]
                        {
                            new { id = "gid://shopify/WebhookSubscription/1", topic = "ORDERS_CREATE", uri = $"{PublicBaseUrl}/webhooks/shopify" },
                            new { id = "gid://shopify/WebhookSubscription/2", topic = "ORDERS_UPDATED", uri = "https://someone-else.example/hook" },
                        },
                    },
                },
            })
            .Answer("CreateHook", new { data = new { webhookSubscriptionCreate = new { webhookSubscription = new { id = "gid://shopify/WebhookSubscription/9" }, userErrors = Array.Empty<object>() } } });
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["PublicBaseUrl"] = PublicBaseUrl });
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);

        var response = await admin.PostAsync($"/api/stores/{store.StoreId}/webhooks", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var topics = (await response.Content.ReadFromJsonAsync<JsonObject>())!["topics"]!.AsArray()
            .ToDictionary(t => t!["topic"]!.GetValue<string>(), t => t!["status"]!.GetValue<string>());
        Assert.Equal("existing", topics["ORDERS_CREATE"]);
        Assert.Equal("created", topics["ORDERS_CANCELLED"]);
        Assert.Equal("created", topics["ORDERS_UPDATED"]);
        Assert.Equal("created", topics["APP_UNINSTALLED"]);
        var creates = _shop.Operations("mutation CreateHook");
        Assert.Equal(["APP_UNINSTALLED", "ORDERS_CANCELLED", "ORDERS_UPDATED"], creates.Select(c => ShopifyAdminStub.Variables(c).GetProperty("topic").GetString()).Order());
        Assert.All(creates, c => Assert.Equal($"{PublicBaseUrl}/webhooks/shopify", ShopifyAdminStub.Variables(c).GetProperty("sub").GetProperty("uri").GetString()));
        Assert.All(_shop.Server.LogEntries, e => Assert.Equal("shpat_test", ShopifyAdminStub.Token(e)));
    }

    [Fact]
    public async Task Install_with_a_revoked_token_flags_the_store()
    {
        _shop.Answer("ShopCheck", new { errors = "[API] Invalid API key or access token" }, status: 401);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["PublicBaseUrl"] = PublicBaseUrl });
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);

        var response = await admin.PostAsync($"/api/stores/{store.StoreId}/webhooks", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var view = await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{store.StoreId}");
        Assert.Contains("401", view!["attention"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_shop.Operations("mutation CreateHook"));
    }

    [Fact]
    public async Task Install_needs_a_public_base_url_and_a_shopify_store()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var shopify = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var custom = await admin.CreateCustomStoreAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/stores/{shopify.StoreId}/webhooks", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/stores/{custom}/webhooks", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/stores/999999/webhooks", null)).StatusCode);
        Assert.Empty(_shop.Server.LogEntries);
    }

    public void Dispose() => _shop.Dispose();
}
