using System.Net;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The stores list and a new store, over HTTP: the operator's alone; an owner is sent to their own store or answered
/// 404; a custom shop's API key is shown on the next page only.
[Collection(SharedInfrastructure.Name)]
public sealed partial class MerchantStoresPagesTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, MerchantClient.Settings);
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_operator_lists_every_store_with_its_platform_and_webhook_url_and_an_owner_is_sent_to_their_own()
    {
        var lahore = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        await _admin.CreateShopifyStoreAsync("Karachi Kurta");
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var list = WebUtility.HtmlDecode(await browser.PageAsync("/stores"));

        Assert.Contains("Lahore Lawn", list, StringComparison.Ordinal);
        Assert.Contains("Karachi Kurta", list, StringComparison.Ordinal);
        Assert.Contains("/webhooks/shopify", list, StringComparison.Ordinal);
        Assert.Contains("/api/verifications", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/stores/{lahore}/connect\"", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/stores/new\"", list, StringComparison.Ordinal);

        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(lahore, email, password);
        using var owner = new MerchantClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);
        var ownList = await owner.Http.GetAsync(new Uri("/stores", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, ownList.StatusCode);
        Assert.Equal($"/stores/{lahore}/connect", ownList.Headers.Location!.ToString());
        Assert.DoesNotContain("href=\"/stores\"", await owner.PageAsync("/orders"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_store_created_on_the_page_shows_its_api_key_once_and_the_key_works()
    {
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var id = await browser.CreateStoreAsync(new Dictionary<string, string> { ["name"] = "Multan Mangoes", ["platform"] = "custom" });
        var first = WebUtility.HtmlDecode(await browser.PageAsync($"/stores/{id}/connect?done=created"));
        var key = ApiKey().Match(first).Groups[1].Value;
        LeakScan.Secret(key);
        var again = await browser.PageAsync($"/stores/{id}/connect?done=created");

        Assert.StartsWith("oc_store_", key, StringComparison.Ordinal);
        Assert.Contains("Shown this once", first, StringComparison.Ordinal);
        Assert.Contains("data-copy=\"api-key\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain(key, again, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"api-key\"", again, StringComparison.Ordinal);
        using var shop = _app.CreateClient();
        shop.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync(new Uri("/api/verifications", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_new_store_without_its_platforms_credentials_shows_each_error_next_to_its_field_and_saves_nothing()
    {
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var response = await browser.PostFormAsync("/stores/new", new Dictionary<string, string> { ["name"] = "Quetta Quilts", ["platform"] = "shopify", ["shopDomain"] = "quetta.myshopify.com" });
        var html = await response.HtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"e-accessToken\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"e-webhookSecret\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"e-shopDomain\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"quetta.myshopify.com\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Quetta Quilts", await browser.PageAsync("/stores"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_cannot_call_yet_is_created_disabled_and_says_so()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings) { ["RoboCall:ApiKey"] = "" });
        using var browser = new MerchantClient(app);
        await browser.SignInAsOperatorAsync();

        var id = await browser.CreateStoreAsync(new Dictionary<string, string> { ["name"] = "Sialkot Sports", ["platform"] = "custom" });
        var page = WebUtility.HtmlDecode(await browser.PageAsync($"/stores/{id}/connect?done=created"));

        Assert.Contains("It is disabled until it can place calls", page, StringComparison.Ordinal);
        using var admin = app.AdminClient();
        Assert.Contains("\"enabled\":false", await admin.GetStringAsync(new Uri($"/api/stores/{id}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_gets_404_for_the_new_store_page_and_for_another_stores_connect_page_and_its_actions()
    {
        var storeA = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await _admin.CreateShopifyStoreAsync("Karachi Kurta");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(storeA, email, password);
        using var owner = new MerchantClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync(new Uri("/stores/new", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostFormAsync("/stores/new", new Dictionary<string, string> { ["name"] = "Mine", ["platform"] = "custom" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync(new Uri($"/stores/{storeB.StoreId}/connect", UriKind.Relative))).StatusCode);
        foreach (var handler in new[] { "Check", "Save", "Webhooks", "AddLogin" })
        {
            var response = await owner.PostFormAsync($"/stores/{storeB.StoreId}/connect?handler={handler}", new Dictionary<string, string> { ["accessToken"] = "shpat_other", ["email"] = "x@example.pk", ["password"] = "a-long-password-1" });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var own = await owner.PageAsync($"/stores/{storeA}/connect");
        Assert.Contains("Lahore Lawn", own, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"logins\"", own, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostFormAsync($"/stores/{storeA}/connect?handler=AddLogin", new Dictionary<string, string> { ["email"] = "x@example.pk", ["password"] = "a-long-password-1" })).StatusCode);
    }

    [GeneratedRegex("id=\"api-key\" readonly value=\"([^\"]+)\"")]
    private static partial Regex ApiKey();
}
