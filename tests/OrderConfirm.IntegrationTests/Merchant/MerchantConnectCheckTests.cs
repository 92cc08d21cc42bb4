using System.Net;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The connect page's "Check": it asks the shop now with the credentials typed (over the stored ones) and says
/// "connected to" a shop or what is wrong, as JSON for the script and as a page without it; "Save" stores them through
/// StoreEditor. Against a WireMock Shopify and the WooCommerce store stub.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantConnectCheckTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private readonly ShopifyAdminStub _shopify = new();
    private readonly WooCommerceStoreStub _woo = new();
    private OrderConfirmApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings) { ["Shopify:RetryDelay"] = "00:00:00.050", ["WooCommerce:RetryDelay"] = "00:00:00.050" });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _shopify.Dispose();
        _woo.Dispose();
    }

    [Fact]
    public async Task A_shopify_store_is_checked_as_its_credentials_are_entered_and_saved_only_when_asked()
    {
        var (good, refused, newer) = (Token(), Token(), Token());
        _shopify.Answer("ShopCheck", new { data = new { shop = new { name = "Lahore Lawn PK" } } });
        _shopify.Server.Given(Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithHeader("X-Shopify-Access-Token", refused).WithBody(new WildcardMatcher("*ShopCheck*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}"));
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();
        var id = await browser.CreateStoreAsync(new Dictionary<string, string>
        {
            ["name"] = "Lahore Lawn", ["platform"] = "shopify", ["shopDomain"] = $"lahore-{Guid.NewGuid():N}.myshopify.com",
            ["shopifyApiBaseUrl"] = _shopify.BaseUrl, ["accessToken"] = good, ["webhookSecret"] = Secret(),
        });
        var connect = $"/stores/{id}/connect";

        var stored = await CheckJsonAsync(browser, connect, []);
        var bad = await CheckJsonAsync(browser, connect, new() { ["accessToken"] = refused });
        var page = await browser.PostFormAsync($"{connect}?handler=Check", new Dictionary<string, string> { ["accessToken"] = refused });
        var storedStill = await CheckJsonAsync(browser, connect, []);

        Assert.True(stored["connected"]!.GetValue<bool>());
        Assert.Equal("Connected to Lahore Lawn PK.", stored["message"]!.GetValue<string>());
        Assert.False(bad["connected"]!.GetValue<bool>());
        Assert.Contains("Shopify answered 401", bad["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("Not connected: Shopify answered 401", await page.HtmlAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(refused, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(storedStill["connected"]!.GetValue<bool>());

        var saved = await browser.PostFormAsync($"{connect}?handler=Save", new Dictionary<string, string> { ["accessToken"] = newer });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{connect}?done=saved", saved.Headers.Location!.ToString());
        Assert.True((await CheckJsonAsync(browser, connect, []))["connected"]!.GetValue<bool>());
        Assert.Equal(newer, ShopifyAdminStub.Token(_shopify.Server.LogEntries[^1]));
        Assert.Contains("The credentials were saved.", WebUtility.HtmlDecode(await browser.PageAsync($"{connect}?done=saved")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_says_when_the_shop_cannot_be_reached_or_its_address_is_refused()
    {
        _shopify.Answer("ShopCheck", new { data = new { shop = new { name = "Lahore Lawn PK" } } });
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();
        var id = await browser.CreateStoreAsync(new Dictionary<string, string>
        {
            ["name"] = "Lahore Lawn", ["platform"] = "shopify", ["shopDomain"] = $"lahore-{Guid.NewGuid():N}.myshopify.com",
            ["shopifyApiBaseUrl"] = _shopify.BaseUrl, ["accessToken"] = Token(), ["webhookSecret"] = Secret(),
        });
        var connect = $"/stores/{id}/connect";

        var unreachable = await CheckJsonAsync(browser, connect, new() { ["shopifyApiBaseUrl"] = "http://127.0.0.1:1" });
        var metadata = await browser.PostFormAsync($"{connect}?handler=Check", new Dictionary<string, string> { ["shopifyApiBaseUrl"] = "http://169.254.169.254" });
        var html = await metadata.HtmlAsync();

        Assert.False(unreachable["connected"]!.GetValue<bool>());
        Assert.Contains("could not be reached", unreachable["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, metadata.StatusCode);
        Assert.Contains("Not connected:", html, StringComparison.Ordinal);
        Assert.Contains("id=\"e-shopifyApiBaseUrl\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(_shopify.Server.LogEntries, e => e.RequestMessage!.Url.Contains("169.254", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_woocommerce_store_is_checked_with_its_consumer_key_and_a_wrong_secret_is_named()
    {
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();
        var id = await browser.CreateStoreAsync(new Dictionary<string, string>
        {
            ["name"] = "Karachi Kurta", ["platform"] = "woocommerce", ["apiBaseUrl"] = _woo.BaseUrl, ["consumerKey"] = _woo.ConsumerKey, ["consumerSecret"] = _woo.ConsumerSecret,
        });
        var connect = $"/stores/{id}/connect";
        var wrong = "cs_" + new string('0', 40);
        LeakScan.Secret(wrong);

        var good = await CheckJsonAsync(browser, connect, []);
        var bad = await CheckJsonAsync(browser, connect, new() { ["consumerSecret"] = wrong });

        Assert.True(good["connected"]!.GetValue<bool>(), good["message"]!.GetValue<string>());
        Assert.Equal($"Connected to {new Uri(_woo.BaseUrl).Host}.", good["message"]!.GetValue<string>());
        Assert.False(bad["connected"]!.GetValue<bool>());
        Assert.Contains("consumer key or secret is wrong", bad["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await browser.PageAsync(connect));
        Assert.DoesNotContain(_woo.ConsumerSecret, page, StringComparison.Ordinal);
        Assert.DoesNotContain(_woo.ConsumerKey, page, StringComparison.Ordinal);
        Assert.Contains("Set. Leave empty to keep it.", page, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> CheckJsonAsync(MerchantClient browser, string connect, Dictionary<string, string> fields)
    {
        var response = await browser.PostFormAsync($"{connect}?handler=Check", fields, json: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static string Token()
    {
        var token = $"shpat_{Guid.NewGuid():N}";
        LeakScan.Secret(token);
        return token;
    }

    private static string Secret()
    {
        var secret = $"whsec-{Guid.NewGuid():N}";
        LeakScan.Secret(secret);
        return secret;
    }
}
