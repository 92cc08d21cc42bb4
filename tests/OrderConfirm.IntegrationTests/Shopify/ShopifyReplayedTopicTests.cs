using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Shopify;

/// Shopify signs the body, not the headers: a captured signed body re-sent with another X-Shopify-Topic (and a fresh
/// webhook id) must not erase, disable or redact anything.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyReplayedTopicTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private static long _orders = 6_660_000_000;
    private readonly ShopifyAdminStub _shop = new ShopifyAdminStub().MutationsSucceed();
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _shopify = null!;
    private (long StoreId, string Domain, string Secret) _store;
    private long _orderId;
    private string _orderBody = "";
    private long _verificationId;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        _admin = _app.AdminClient();
        _shopify = _app.CreateClient();
        _store = await _admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        _orderId = Interlocked.Increment(ref _orders);
        _shop.Order(_orderId);
        _orderBody = ShopifyWebhooks.Order(_orderId, "03001234567");
        await SendAsync("orders/create", _orderBody);
        _verificationId = (await _admin.WaitForOrderAsync(_store.StoreId, _orderId))["id"]!.GetValue<long>();
    }

    public async Task DisposeAsync()
    {
        _shopify.Dispose();
        _admin.Dispose();
        await _app.DisposeAsync();
        _shop.Dispose();
    }

    [Theory]
    [InlineData("shop/redact")]
    [InlineData("app/uninstalled")]
    [InlineData("customers/redact")]
    public async Task A_signed_order_body_replayed_under_another_topic_changes_nothing(string topic)
    {
        var replay = await SendAsync(topic, _orderBody);

        Assert.StartsWith($"ignored: body does not match topic {topic}", await _app.WaitForDeliveryAsync(replay), StringComparison.Ordinal);
        await AssertUntouchedAsync(enabled: true);
        Assert.Contains(_app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"does not match topic {topic}", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Contains("3001234567", StringComparison.Ordinal) || l.Contains("Ayesha", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_customer_redact_body_replayed_as_shop_redact_after_an_uninstall_changes_nothing()
    {
        await _app.WaitForDeliveryAsync(await SendAsync("app/uninstalled", ShopBody(_store.Domain)));
        var customerRedact = $$"""{"shop_id": 548380009, "shop_domain": "{{_store.Domain}}", "customer": {"id": 115310627314723954}, "orders_to_redact": [{{_orderId}}]}""";

        var replay = await SendAsync("shop/redact", customerRedact);

        Assert.StartsWith("ignored: body does not match topic shop/redact", await _app.WaitForDeliveryAsync(replay), StringComparison.Ordinal);
        await AssertUntouchedAsync(enabled: false);
    }

    [Theory]
    [InlineData("shop/redact")]
    [InlineData("customers/redact")]
    [InlineData("app/uninstalled")]
    public async Task Another_shops_body_signed_with_the_shared_app_secret_changes_nothing(string topic)
    {
        // A public app signs every shop's deliveries with one secret, so another shop's body verifies here too. (The
        // store is uninstalled for shop/redact, so only the shop named in the body can stop it.)
        var uninstalled = topic == "shop/redact";
        if (uninstalled)
        {
            await _app.WaitForDeliveryAsync(await SendAsync("app/uninstalled", ShopBody(_store.Domain)));
        }

        const string other = "someone-else.myshopify.com";
        var body = topic switch
        {
            "shop/redact" => $$"""{"shop_id": 1, "shop_domain": "{{other}}"}""",
            "customers/redact" => $$"""{"shop_id": 1, "shop_domain": "{{other}}", "customer": {"id": 1}, "orders_to_redact": [{{_orderId}}]}""",
            _ => ShopBody(other),
        };

        var replay = await SendAsync(topic, body);

        Assert.StartsWith($"ignored: body does not match topic {topic}", await _app.WaitForDeliveryAsync(replay), StringComparison.Ordinal);
        await AssertUntouchedAsync(enabled: !uninstalled);
    }

    [Fact]
    public async Task A_shop_redact_for_a_store_still_installed_is_recorded_and_ignored()
    {
        var redact = await SendAsync("shop/redact", $$"""{"shop_id": 548380009, "shop_domain": "{{_store.Domain}}"}""");

        Assert.StartsWith("ignored: shop/redact for a store that is still installed", await _app.WaitForDeliveryAsync(redact), StringComparison.Ordinal);
        await AssertUntouchedAsync(enabled: true);
        Assert.Contains(_app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("still installed", StringComparison.Ordinal));
    }

    // The REST Shop resource app/uninstalled carries: a custom primary domain, and the myshopify domain that names the store.
    private static string ShopBody(string myshopifyDomain)
        => $$"""{"id": 548380009, "name": "Lahore Lawn", "domain": "lahorelawn.pk", "myshopify_domain": "{{myshopifyDomain}}", "plan_name": "basic"}""";

    private async Task AssertUntouchedAsync(bool enabled)
    {
        var store = await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{_store.StoreId}");
        Assert.Equal(enabled, store!["enabled"]!.GetValue<bool>());
        var verification = await _admin.GetVerificationAsync(_verificationId);
        Assert.NotNull(verification["phone"]?.GetValue<string>());
        Assert.Equal("pending", verification["status"]!.GetValue<string>());
        Assert.DoesNotContain("redacted", verification.TimelineKinds());
    }

    private async Task<string> SendAsync(string topic, string body)
    {
        var webhookId = Guid.NewGuid().ToString();
        using var request = ShopifyWebhooks.Delivery(_store.Domain, topic, body, _store.Secret, webhookId);
        var response = await _shopify.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return webhookId;
    }
}
