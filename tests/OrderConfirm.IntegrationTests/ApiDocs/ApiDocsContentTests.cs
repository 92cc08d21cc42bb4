using System.Text.Json;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.ApiDocs;

/// What /openapi/v1.json says beyond the list of paths: who may call what, the problem shape, example bodies.
[Collection(SharedInfrastructure.Name)]
public sealed class ApiDocsContentTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task The_document_describes_the_admin_key_and_both_webhook_signatures_and_who_needs_which()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, ApiDocsHosts.Enabled);
        using var document = await ApiDocsHosts.ReadDocumentAsync(app);
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal("http", schemes.GetProperty("adminKey").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("adminKey").GetProperty("scheme").GetString());
        Assert.Equal("X-Shopify-Hmac-Sha256", schemes.GetProperty("shopifyHmac").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("shopifyHmac").GetProperty("in").GetString());
        Assert.Equal("X-WC-Webhook-Signature", schemes.GetProperty("wooCommerceSignature").GetProperty("name").GetString());
        Assert.Equal(["adminKey"], SchemesOf(Operation(root, "/api/stores", "post")));
        Assert.Equal(["adminKey"], SchemesOf(Operation(root, "/api/webhook-deliveries", "get")));
        Assert.Equal(["adminKey"], SchemesOf(Operation(root, "/api/verifications/{id}/link", "post")));
        Assert.Equal("bearer", schemes.GetProperty("storeKey").GetProperty("scheme").GetString());
        // A custom store's own key opens only creating and reading verifications, as an alternative to the admin key.
        Assert.Equal(["adminKey", "storeKey"], SchemesOf(Operation(root, "/api/verifications", "post")));
        Assert.Equal(["adminKey", "storeKey"], SchemesOf(Operation(root, "/api/verifications/{id}", "get")));
        Assert.Equal(["adminKey"], SchemesOf(Operation(root, "/api/verifications/{id}/redial", "post")));
        Assert.Equal(["shopifyHmac"], SchemesOf(Operation(root, "/webhooks/shopify", "post")));
        Assert.Equal(["wooCommerceSignature"], SchemesOf(Operation(root, "/webhooks/woocommerce/{storeId}", "post")));
        var shopifyHeaders = Operation(root, "/webhooks/shopify", "post").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("X-Shopify-Shop-Domain", shopifyHeaders);
    }

    [Fact]
    public async Task Errors_are_described_as_problem_details()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, ApiDocsHosts.Enabled);
        using var document = await ApiDocsHosts.ReadDocumentAsync(app);
        var root = document.RootElement;

        var problem = root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");
        Assert.True(problem.TryGetProperty("title", out _) && problem.TryGetProperty("status", out _) && problem.TryGetProperty("detail", out _) && problem.TryGetProperty("errors", out _));
        var getStore = Operation(root, "/api/stores/{id}", "get").GetProperty("responses");
        foreach (var status in new[] { "401", "404", "4XX" })
        {
            var reference = getStore.GetProperty(status).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString();
            Assert.Equal("#/components/schemas/ProblemDetails", reference);
        }

        // A validation answer keeps the framework's own shape, with its errors by field.
        Assert.True(Operation(root, "/api/stores", "post").GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task The_main_requests_have_example_bodies_for_each_platform()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, ApiDocsHosts.Enabled);
        using var document = await ApiDocsHosts.ReadDocumentAsync(app);
        var root = document.RootElement;

        var stores = Examples(Operation(root, "/api/stores", "post"));
        Assert.Equal(["custom", "shopify", "woocommerce"], stores.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var platform in new[] { "custom", "shopify", "woocommerce" })
        {
            Assert.Equal(platform, stores.GetProperty(platform).GetProperty("value").GetProperty("platform").GetString());
        }

        var order = Examples(Operation(root, "/api/verifications", "post")).GetProperty("order").GetProperty("value");
        Assert.Equal("0300-1234567", order.GetProperty("phone").GetString());
        Assert.Equal(4999.50m, order.GetProperty("amount").GetDecimal());
    }

    private static JsonElement Operation(JsonElement root, string path, string method)
        => root.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Examples(JsonElement operation)
        => operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples");

    private static string[] SchemesOf(JsonElement operation)
        => [.. operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))];
}
