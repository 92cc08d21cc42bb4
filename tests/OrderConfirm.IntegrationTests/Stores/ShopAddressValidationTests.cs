using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Stores;

/// A store's URLs are where the service sends the shop's credentials. Unless the operator allows it
/// (Outbound:AllowPrivateShopAddresses, Outbound:AllowPlainHttp), they may not point at this machine, a private
/// network, a cloud metadata service or an internal name, nor use plain http: the API refuses them with 400, naming
/// the field.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopAddressValidationTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly Dictionary<string, string?> Strict = new()
    {
        ["Outbound:AllowPrivateShopAddresses"] = "false",
        ["Outbound:AllowPlainHttp"] = "false",
    };

    // Each class of address, in the spellings that reach it.
    private static readonly string[] RefusedApiBaseUrls =
    [
        "https://127.0.0.1", "https://127.1:8443/", "https://2130706433/", "https://0x7f.0.0.1/", "https://0177.0.0.1/",
        "https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://localhost:8080/", "https://shop.localhost/",
        "https://10.1.2.3/", "https://172.20.0.5/", "https://192.168.1.10/", "https://100.64.0.7/",
        "https://[fd12:3456::1]/", "https://[::ffff:10.0.0.1]/", "https://[fe80::1]/", "https://169.254.10.1/",
        "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://metadata.google.internal/",
        "https://0.0.0.0/", "https://[::]/", "https://224.0.0.1/", "https://[ff02::1]/",
        "https://wordpress/", "https://shop.internal/", "https://shop.local/", "https://1.2.3.4.5/",
        "http://shop.example.pk/",
    ];

    [Fact]
    public async Task Private_loopback_metadata_internal_and_plain_http_shop_urls_are_refused_naming_the_field()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, Strict);
        using var admin = app.AdminClient();

        var accepted = new List<string>();
        foreach (var url in RefusedApiBaseUrls)
        {
            var response = await admin.PostAsJsonAsync("/api/stores", WooCommerce(url));
            if (response.StatusCode != HttpStatusCode.BadRequest || !(await ErrorsAsync(response)).ContainsKey("apiBaseUrl"))
            {
                accepted.Add($"{url} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(accepted);
        foreach (var domain in new[] { "localhost", "shop.localhost", "metadata.google.internal", "wordpress" })
        {
            var response = await admin.PostAsJsonAsync("/api/stores", Shopify(domain, apiBaseUrl: null));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("shopDomain", (await ErrorsAsync(response)).Select(e => e.Key));
        }

        // A public https shop is fine, and a PATCH to a refused URL is refused like a create.
        var created = await admin.PostAsJsonAsync("/api/stores", WooCommerce("https://shop.example.pk/"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var patched = await admin.PatchAsJsonAsync($"/api/stores/{id}", new { apiBaseUrl = "https://169.254.169.254/" });
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
        var message = Assert.Single((await ErrorsAsync(patched))["apiBaseUrl"]!.AsArray())!.GetValue<string>();
        Assert.Contains("metadata", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsJsonAsync($"/api/stores/{id}", new { apiBaseUrl = "http://shop.example.pk/" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/stores/{id}", new { apiBaseUrl = "https://www.shop.example.pk/" })).StatusCode);
    }

    [Fact]
    public async Task With_the_operator_settings_a_test_shop_on_this_machine_is_accepted_but_never_a_metadata_address()
    {
        // The test host's own settings: both allowed, as for the WireMock shops of every other test.
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();

        foreach (var url in new[] { "http://127.0.0.1:8080/", "http://localhost:8080/", "https://10.1.2.3/", "http://wordpress/" })
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/stores", WooCommerce(url))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/stores", Shopify("localhost", "http://127.0.0.1:8080/"))).StatusCode);
        foreach (var url in new[] { "http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://metadata.google.internal/", "http://0.0.0.0/" })
        {
            var response = await admin.PostAsJsonAsync("/api/stores", WooCommerce(url));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("apiBaseUrl", (await ErrorsAsync(response)).Select(e => e.Key));
        }
    }

    private static object WooCommerce(string apiBaseUrl)
        => new { name = "Lahore Lawn", platform = "woocommerce", apiBaseUrl, consumerKey = "ck_test", consumerSecret = "cs_test" };

    private static object Shopify(string shopDomain, string? apiBaseUrl)
        => new { name = "Lahore Lawn", platform = "shopify", shopDomain = $"{shopDomain}", apiBaseUrl, accessToken = "shpat_test", webhookSecret = "whsec_test" };

    private static async Task<JsonObject> ErrorsAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonObject>())?["errors"] as JsonObject ?? [];
}
