using Microsoft.Playwright;
using OrderConfirm.IntegrationTests.Infrastructure;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderConfirm.IntegrationTests.Merchant;

/// Connecting a Shopify store in a real browser (Debian's chromium, headless) against the real service on a real
/// socket and a WireMock Shopify: the operator creates it on the form, checks a refused token and the right one in
/// place (the script's fetch, no reload), saves, installs the webhooks and reads each topic's result. Each page is
/// saved at desktop and phone width, and no page asks anything of another host.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantConnectBrowserTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const int Desktop = 1280;
    private const int Phone = 390;
    private readonly ShopifyAdminStub _shopify = new();
    private OrderConfirmApp _app = null!;
    private Chromium _chromium = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?>(MerchantClient.Settings) { ["PublicBaseUrl"] = "https://confirm.example.pk" },
            kestrel: true);
        using var client = _app.CreateClient();
        _site = client.BaseAddress!;
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
        _shopify.Dispose();
    }

    [Fact]
    public async Task The_operator_connects_a_shopify_store_checks_its_token_saves_it_and_installs_its_webhooks()
    {
        var (good, refused, newer) = (Token(), Token(), Token());
        var secret = $"whsec-{Guid.NewGuid():N}";
        LeakScan.Secret(secret);
        _shopify.Answer("ShopCheck", new { data = new { shop = new { name = "Lahore Lawn PK" } } })
            .Answer("ListHooks", new { data = new { webhookSubscriptions = new { nodes = Array.Empty<object>() } } })
            .Answer("CreateHook", new { data = new { webhookSubscriptionCreate = new { webhookSubscription = new { id = "gid://shopify/WebhookSubscription/9" }, userErrors = Array.Empty<object>() } } });
        _shopify.Server.Given(Request.Create().WithPath(ShopifyAdminStub.Path).UsingPost().WithHeader("X-Shopify-Access-Token", refused).WithBody(new WildcardMatcher("*ShopCheck*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("{\"errors\":\"[API] Invalid API key or access token\"}"));
        var (page, requests) = await _chromium.OpenAsync(_site, Desktop);
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=login]", OrderConfirmApp.DashboardUser);
        await page.FillAsync("input[name=password]", OrderConfirmApp.DashboardPassword);
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("nav a:has-text('Stores')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Stores");

        await page.ClickAsync("a:has-text('New store')");
        await page.FillAsync("#f-name", "Lahore Lawn");
        await page.SelectOptionAsync("#f-platform", "shopify");
        await Assertions.Expect(page.Locator("fieldset[data-platform=woocommerce]")).ToBeHiddenAsync();
        await page.FillAsync("#f-shopDomain", $"lahore-{Guid.NewGuid():N}"[..20] + ".myshopify.com");
        await page.FillAsync("#f-accessToken", good);
        await page.FillAsync("#f-webhookSecret", secret);
        await page.ClickAsync("fieldset[data-platform=shopify] summary");
        await page.FillAsync("#f-shopifyApiBaseUrl", _shopify.BaseUrl);
        await Screenshots.BothWidthsAsync(page, "store-new");
        await page.ClickAsync("button:has-text('Create the store')");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("The store was created.");
        await page.EvaluateAsync("window.stillTheSamePage = true");

        var result = page.Locator("#check-result");
        await page.FillAsync("#f-accessToken", refused);
        await page.ClickAsync("button:has-text('Check')");
        await Assertions.Expect(result).ToContainTextAsync("Not connected: Shopify answered 401");
        await page.FillAsync("#f-accessToken", "");
        await page.ClickAsync("button:has-text('Check')");
        await Assertions.Expect(result).ToHaveTextAsync("Connected to Lahore Lawn PK.");
        Assert.True(await page.EvaluateAsync<bool>("window.stillTheSamePage === true"), "the check reloaded the page");

        await page.FillAsync("#f-accessToken", newer);
        await page.ClickAsync("button:has-text('Save')");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("The credentials were saved.");
        await Assertions.Expect(page.Locator("#f-accessToken")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#webhook-url")).ToHaveTextAsync("https://confirm.example.pk/webhooks/shopify");

        await page.ClickAsync("button:has-text('Install webhooks')");
        var topics = page.Locator(".topics li");
        await Assertions.Expect(topics).ToHaveCountAsync(4);
        foreach (var topic in new[] { "ORDERS_CREATE", "ORDERS_CANCELLED", "ORDERS_UPDATED", "APP_UNINSTALLED" })
        {
            await Assertions.Expect(topics.Filter(new() { HasText = topic })).ToContainTextAsync("installed");
        }

        Assert.All(_shopify.Operations("mutation CreateHook"), c => Assert.Equal(newer, ShopifyAdminStub.Token(c)));
        await Screenshots.BothWidthsAsync(page, "store-connect");
        await page.GotoAsync("/stores");
        await Assertions.Expect(page.Locator("table.stores")).ToContainTextAsync("Lahore Lawn");
        await Screenshots.BothWidthsAsync(page, "stores");
        lock (requests)
        {
            Assert.All(requests, url => Assert.Equal(_site.Authority, new Uri(url).Authority));
        }
    }


    private static string Token()
    {
        var token = $"shpat_{Guid.NewGuid():N}";
        LeakScan.Secret(token);
        return token;
    }
}
