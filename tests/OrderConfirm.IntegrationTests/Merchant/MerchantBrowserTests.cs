using Microsoft.Playwright;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The merchant pages in a real browser (Debian's chromium, headless) against the real service on a real socket:
/// sign in through the form, watch an order appear and change state while the page stays open, read its timeline, and
/// fail to open another store's order. Every page is saved at desktop and phone width (Screenshots), and no page may
/// ask anything of another host.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantBrowserTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const int Desktop = 1280;
    private const int Phone = 390;
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private Chromium _chromium = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?>(MerchantClient.Settings) { ["Merchant:RefreshSeconds"] = "1" },
            kestrel: true);
        _admin = _app.AdminClient();
        using var client = _app.CreateClient();
        _site = client.BaseAddress!;
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_operator_watches_an_order_appear_and_get_confirmed_without_reloading_then_reads_its_timeline()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var (page, requests) = await _chromium.OpenAsync(_site, Desktop);
        await SignInAsync(page, OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword, "login");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Orders");
        await page.EvaluateAsync("window.stillTheSamePage = true");

        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId, TimeSpan.FromSeconds(2));
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", "1", "0"));
        var id = await _admin.SubmitOrderAsync(store, $"LL-{Guid.NewGuid():N}"[..11], typed);

        var row = page.Locator($"tr[data-id='{id}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("confirmed", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.stillTheSamePage === true"));
        await Assertions.Expect(row).ToContainTextAsync(phone[^4..]);
        await Assertions.Expect(row).Not.ToContainTextAsync(phone[..7]);
        await Screenshots.BothWidthsAsync(page, "orders");

        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("received");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("outcome");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("PKT");
        await Screenshots.BothWidthsAsync(page, "order-detail");
        AssertOnlyOwnOrigin(requests);
    }

    [Fact]
    public async Task A_store_owner_signs_in_sees_their_store_only_and_another_stores_order_is_not_found_by_url()
    {
        var storeA = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await _admin.CreateCustomStoreAsync("Karachi Kurta");
        var (_, phoneA) = RoboCallStub.NewPhone();
        var (_, phoneB) = RoboCallStub.NewPhone();
        await _admin.SubmitOrderAsync(storeA, "LL-3001", phoneA);
        var orderB = await _admin.SubmitOrderAsync(storeB, "KK-4001", phoneB);
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(storeA, email, password);

        var (page, requests) = await _chromium.OpenAsync(_site, Phone);
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=login]", email);
        await page.FillAsync("input[name=password]", password + "-wrong");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("do not match");
        await Screenshots.TakeAsync(page, "login-refused");

        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("table.orders")).ToContainTextAsync("#LL-3001");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("#KK-4001");
        await Assertions.Expect(page.Locator("select[name=store]")).ToHaveCountAsync(0);
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "orderconfirm.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the orders page scrolls sideways at phone width");
        await Screenshots.TakeAsync(page, "orders-owner");

        var response = await page.GotoAsync($"/orders/{orderB}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("KK-4001");

        await page.GotoAsync("/orders");
        await page.ClickAsync("button:has-text('Sign out')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        AssertOnlyOwnOrigin(requests);
    }

    [Fact]
    public async Task A_store_owner_corrects_a_wrong_phone_and_calls_again_from_the_order_page_and_the_customer_confirms()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", "1", "0"));
        var id = await _admin.SubmitOrderAsync(store, "LL-5001", "0300-12345");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        var (page, requests) = await _chromium.OpenAsync(_site, Phone);
        await page.GotoAsync($"/orders/{id}");
        await page.FillAsync("input[name=login]", email);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("invalid-phone");
        await Assertions.Expect(page.Locator("button:has-text('Call again')")).ToHaveCountAsync(0);

        await page.FillAsync("input[name=phone]", "0300-123");
        await page.ClickAsync("button:has-text('Correct the phone')");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("not a Pakistani mobile number");
        await page.FillAsync("input[name=phone]", typed);
        await page.ClickAsync("button:has-text('Correct the phone')");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("The phone was corrected");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(phone[^4..]);
        await Screenshots.BothWidthsAsync(page, "order-actions");

        await page.ClickAsync("button:has-text('Call again')");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("A new call was requested");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await page.Locator("h1 .state").TextContentAsync() != "confirmed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("Phone corrected");
        Assert.DoesNotContain(phone, await page.ContentAsync(), StringComparison.Ordinal);
        AssertOnlyOwnOrigin(requests);
    }

    [Fact]
    public async Task The_funnel_counts_a_confirmed_order_in_its_chart_and_table_and_exports_the_same_csv()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var (page, requests) = await _chromium.OpenAsync(_site, Desktop);
        await SignInAsync(page, OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword, "login-operator");
        await page.GotoAsync($"/funnel?store={store}");
        var total = page.Locator("tr.total");
        await Assertions.Expect(total.Locator("td[data-status=confirmed]")).ToContainTextAsync("0");

        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", "1", "0"));
        var id = await _admin.SubmitOrderAsync(store, "LL-8001", typed);
        await _admin.WaitForStatusAsync(id, "confirmed");
        await page.ReloadAsync();

        await Assertions.Expect(total.Locator("td[data-status=confirmed]")).ToContainTextAsync("1 100%");
        await Assertions.Expect(page.Locator("svg rect")).ToHaveCountAsync(1);
        await Screenshots.BothWidthsAsync(page, "funnel");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:has-text('Download CSV')"));
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal("total,1,1,0,0,0,0,0,0,1,0,—", csv[^1]);
        AssertOnlyOwnOrigin(requests);
    }

    [Fact]
    public async Task A_store_owner_marks_an_order_cancelled_by_hand_after_being_asked_and_the_funnel_counts_it()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var id = await _admin.SubmitOrderAsync(store, "LL-9001", "0300-12345"); // invalid-phone: nobody can be called
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        var (page, requests) = await _chromium.OpenAsync(_site, Phone);
        await SignInAsync(page, email, password, "login-owner");
        await page.GotoAsync("/funnel");
        var cancelled = page.Locator("tr.total td[data-status=cancelled]");
        await Assertions.Expect(cancelled).ToContainTextAsync("0");

        await page.GotoAsync($"/orders/{id}");
        await page.ClickAsync("a:has-text('Mark cancelled')");
        await Assertions.Expect(page.Locator(".confirm-panel")).ToContainTextAsync("Mark #LL-9001 cancelled by hand?");
        Assert.Equal("invalid-phone", (await _admin.GetVerificationAsync(id))["status"]!.GetValue<string>()); // asking changes nothing
        await Screenshots.BothWidthsAsync(page, "order-decide");
        await page.ClickAsync("button:has-text('Yes, mark cancelled')");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Marked cancelled by hand");
        await Assertions.Expect(page.Locator("h1 .state")).ToHaveTextAsync("cancelled");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("by the store owner");
        await Assertions.Expect(page.Locator("a:has-text('Mark confirmed')")).ToHaveCountAsync(0);

        await page.GotoAsync("/funnel");
        await Assertions.Expect(cancelled).ToContainTextAsync("1 100%");
        AssertOnlyOwnOrigin(requests);
    }

    private static async Task SignInAsync(IPage page, string login, string password, string screenshot)
    {
        await page.GotoAsync("/orders");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Screenshots.BothWidthsAsync(page, screenshot);
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
    }


    private void AssertOnlyOwnOrigin(List<string> requests)
    {
        lock (requests)
        {
            Assert.NotEmpty(requests);
            Assert.All(requests, url => Assert.Equal(_site.Authority, new Uri(url).Authority));
        }
    }
}
