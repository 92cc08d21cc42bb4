using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Stores;

/// GET /api/stores/{id}/sample-webhook gives a ready curl line whose signature the real receiver accepts, so a
/// developer can try Shopify's and WooCommerce's receivers without a shop; the secret itself is never shown.
[Collection(SharedInfrastructure.Name)]
public sealed class SampleWebhookTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task The_Shopify_sample_is_accepted_by_the_real_receiver_and_becomes_a_verification()
    {
        using var shop = new ShopifyAdminStub();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _, secret) = await admin.CreateShopifyStoreAsync(apiBaseUrl: shop.BaseUrl);

        var sample = await SampleAsync(admin, storeId, "0300-7654321");
        var curl = CurlLine.Parse(sample["curl"]!.GetValue<string>());
        using var client = app.CreateClient();
        var delivered = await client.SendAsync(curl.ToRequest(client.BaseAddress!));

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("/webhooks/shopify", curl.Url.AbsolutePath);
        Assert.DoesNotContain(secret, sample.ToJsonString(), StringComparison.Ordinal);
        await app.WaitForDeliveryAsync(curl.Headers.Single(h => h.Key == "X-Shopify-Webhook-Id").Value);
        var verification = await admin.WaitForOrderAsync(storeId, long.Parse(sample["orderId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("********4321", verification["phone"]!.GetValue<string>());
        Assert.Equal(4999m, verification["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task The_WooCommerce_sample_is_accepted_by_the_real_receiver_and_becomes_a_verification()
    {
        using var woo = new WooCommerceStoreStub();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(woo);

        var sample = await SampleAsync(admin, storeId, "0300-7654322");
        var curl = CurlLine.Parse(sample["curl"]!.GetValue<string>());
        using var client = app.CreateClient();
        var delivered = await client.SendAsync(curl.ToRequest(client.BaseAddress!));

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal($"/webhooks/woocommerce/{storeId}", curl.Url.AbsolutePath);
        Assert.DoesNotContain(secret, sample.ToJsonString(), StringComparison.Ordinal);
        await app.WaitForDeliveryAsync("woocommerce", curl.Headers.Single(h => h.Key == "X-WC-Webhook-Delivery-ID").Value);
        var verification = await admin.WaitForOrderAsync(storeId, long.Parse(sample["orderId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("********4322", verification["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_changed_body_no_longer_passes_the_signature()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _, _) = await admin.CreateShopifyStoreAsync();
        var curl = CurlLine.Parse((await SampleAsync(admin, storeId, "0300-7654323"))["curl"]!.GetValue<string>());

        using var client = app.CreateClient();
        var tampered = curl with { Body = curl.Body!.Replace("4999.00", "1.00", StringComparison.Ordinal) };
        var response = await client.SendAsync(tampered.ToRequest(client.BaseAddress!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_store_without_webhooks_has_no_sample_and_says_where_its_orders_go()
    {
        await using var app = OrderConfirmApp.Start(null, roboCall);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync();

        var response = await admin.GetAsync($"/api/stores/{storeId}/sample-webhook");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("/api/verifications", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_sandbox_a_sample_without_a_phone_is_taken_in_and_nobody_is_called()
    {
        await using var app = OrderConfirmApp.Start(null, roboCall, new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://oc.example.pk" });
        using var admin = app.AdminClient();
        var (storeId, _, _) = await admin.CreateShopifyStoreAsync();

        var sample = await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}/sample-webhook?amount=1500&orderId=7001");
        var curl = CurlLine.Parse(sample!["curl"]!.GetValue<string>());
        Assert.StartsWith("curl -si -X POST 'https://oc.example.pk/webhooks/shopify' -H 'Content-Type: application/json'", sample["curl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("7001", sample["orderId"]!.GetValue<string>());
        Assert.Contains("\"total_price\":\"1500.00\"", curl.Body, StringComparison.Ordinal);
        Assert.Contains("nobody is called", sample["note"]!.GetValue<string>(), StringComparison.Ordinal);

        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(curl.ToRequest(client.BaseAddress!))).StatusCode);
        var verification = await admin.WaitForOrderAsync(storeId, 7001);
        Assert.Equal("invalid-phone", verification["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_the_sandbox_a_sample_without_a_phone_carries_the_demo_number()
    {
        await using var app = SandboxHosts.Start(roboCall);
        using var admin = app.AdminClient();
        var (storeId, _, _) = await admin.CreateShopifyStoreAsync();
        LeakScan.Phone("923001234561");

        var sample = await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}/sample-webhook");

        Assert.Contains("\"phone\":\"0300-1234561\"", sample!["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_curl_line_carries_the_body_byte_for_byte_even_with_a_quote_in_it()
    {
        var sample = new OrderConfirm.Platforms.SampleWebhook("/webhooks/shopify", [new("X-Shopify-Topic", "orders/create")], """{"note":"Ayesha's order","city":"Lahore"}""");

        var curl = CurlLine.Parse(OrderConfirm.StoreAdmin.StoreSampleWebhookEndpoint.Curl("http://localhost:5080/webhooks/shopify", sample));

        Assert.Equal(sample.Body, curl.Body);
        Assert.Equal("orders/create", curl.Headers.Single().Value);
    }

    [Fact]
    public async Task The_sample_needs_the_admin_key()
    {
        await using var app = OrderConfirmApp.Start(null, roboCall);
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync("/api/stores/1/sample-webhook");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonObject> SampleAsync(HttpClient admin, long storeId, string phone)
    {
        LeakScan.Phone("92" + phone.Replace("-", "", StringComparison.Ordinal)[1..]);
        var response = await admin.PostAsJsonAsync($"/api/stores/{storeId}/sample-webhook", new { phone });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
