using System.Net;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The connect page's webhook step: the URL the shop delivers to, and "Install webhooks" through StoreEditor with each
/// topic's result (installed, already there, failed and why), or the refusal when PublicBaseUrl is not set.
[Collection(SharedInfrastructure.Name)]
public sealed partial class MerchantConnectWebhooksTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string PublicBaseUrl = "https://confirm.example.pk";
    private readonly ShopifyAdminStub _shopify = new();
    private readonly WooCommerceStoreStub _woo = new();

    [Fact]
    public async Task Installing_a_shopify_stores_webhooks_shows_each_topics_result()
    {
        _shopify.Answer("ShopCheck", new { data = new { shop = new { name = "Lahore Lawn PK" } } })
            .Answer("ListHooks", new { data = new { webhookSubscriptions = new { nodes = new object[] { new { id = "gid://shopify/WebhookSubscription/1", topic = "ORDERS_CREATE", uri = $"{PublicBaseUrl}/webhooks/shopify" } } } } })
            .Answer("CreateHook", new { data = new { webhookSubscriptionCreate = new { webhookSubscription = new { id = "gid://shopify/WebhookSubscription/9" }, userErrors = Array.Empty<object>() } } });
        _shopify.Server.Given(Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithBody(new WildcardMatcher("*CreateHook*APP_UNINSTALLED*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("{\"data\":{\"webhookSubscriptionCreate\":{\"webhookSubscription\":null,\"userErrors\":[{\"field\":[\"topic\"],\"message\":\"Topic is not allowed for this app\"}]}}}"));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings) { ["PublicBaseUrl"] = PublicBaseUrl });
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shopify.BaseUrl);
        using var browser = new MerchantClient(app);
        await browser.SignInAsOperatorAsync();

        var page = WebUtility.HtmlDecode(await browser.PageAsync($"/stores/{store.StoreId}/connect"));
        var response = await browser.PostFormAsync($"/stores/{store.StoreId}/connect?handler=Webhooks", new Dictionary<string, string>());
        var topics = Topics(await response.HtmlAsync());

        Assert.Contains($"<code id=\"webhook-url\" class=\"selectable\">{PublicBaseUrl}/webhooks/shopify</code>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("already there", topics["ORDERS_CREATE"]);
        Assert.Equal("installed", topics["ORDERS_CANCELLED"]);
        Assert.Equal("installed", topics["ORDERS_UPDATED"]);
        Assert.Equal("failed: Topic is not allowed for this app", topics["APP_UNINSTALLED"]);
        Assert.Contains("Not every webhook is in place", await response.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_a_woocommerce_stores_webhooks_creates_them_once_and_then_finds_them_there()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings) { ["PublicBaseUrl"] = PublicBaseUrl });
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        using var browser = new MerchantClient(app);
        await browser.SignInAsOperatorAsync();

        var first = await browser.PostFormAsync($"/stores/{storeId}/connect?handler=Webhooks", new Dictionary<string, string>());
        var firstTopics = Topics(await first.HtmlAsync());
        var second = Topics(await (await browser.PostFormAsync($"/stores/{storeId}/connect?handler=Webhooks", new Dictionary<string, string>())).HtmlAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("The webhooks are in place.", await first.HtmlAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(firstTopics);
        Assert.All(firstTopics.Values, status => Assert.Equal("installed", status));
        Assert.Equal(firstTopics.Keys.Order(), second.Keys.Order());
        Assert.All(second.Values, status => Assert.Equal("already there", status));
        Assert.Equal(firstTopics.Count, _woo.Webhooks.Count);
        Assert.All(_woo.Webhooks, w => Assert.Equal($"{PublicBaseUrl}/webhooks/woocommerce/{storeId}", w.DeliveryUrl));
    }

    [Fact]
    public async Task Without_a_public_base_url_the_install_is_refused_with_what_to_set_and_a_custom_store_has_no_install()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, MerchantClient.Settings);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        var custom = await admin.CreateCustomStoreAsync("Multan Mangoes");
        using var browser = new MerchantClient(app);
        await browser.SignInAsOperatorAsync();

        var response = await browser.PostFormAsync($"/stores/{storeId}/connect?handler=Webhooks", new Dictionary<string, string>());
        var html = await response.HtmlAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("PublicBaseUrl is not set", html, StringComparison.Ordinal);
        Assert.Empty(_woo.Webhooks);
        var customPage = await browser.PageAsync($"/stores/{custom}/connect");
        Assert.DoesNotContain("handler=Webhooks", customPage, StringComparison.Ordinal);
        Assert.Contains("/api/verifications", customPage, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _shopify.Dispose();
        _woo.Dispose();
    }

    private static Dictionary<string, string> Topics(string html)
        => TopicLine().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value + m.Groups[3].Value.TrimEnd());

    [GeneratedRegex("<li class=\"topic topic-[a-z]+\"><code>([^<]+)</code> <span class=\"state\">([^<]+)</span>([^<]*)</li>")]
    private static partial Regex TopicLine();
}
