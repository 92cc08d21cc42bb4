using Microsoft.Playwright;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The pages in Urdu in a real browser: the switch in the header turns the orders list and an order's page right to
/// left, in Urdu, and nothing scrolls sideways on a 390-px phone. Saved at both widths.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantUrduBrowserTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private Chromium _chromium = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, MerchantClient.Settings, kestrel: true);
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
    public async Task A_store_owner_switches_to_urdu_and_reads_the_orders_right_to_left_on_a_phone()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var id = await _admin.SubmitOrderAsync(store, "LL-9001", typed);
        await _admin.SubmitOrderAsync(store, "LL-9002", "0300-12345");
        await _admin.WaitForStatusAsync(id, "confirmed");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);

        var (page, requests) = await _chromium.OpenAsync(_site, 390);
        await page.GotoAsync("/login");
        await page.ClickAsync("button[name=culture][value=ur]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("سائن اِن");
        await page.FillAsync("input[name=login]", email);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("آرڈرز");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ur");
        await Assertions.Expect(page.Locator("table.orders")).ToContainTextAsync("#LL-9001");
        await ShootBothWidthsAsync(page, "orders-urdu");

        await page.ClickAsync($"a[href='/orders/{id}']");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("outcome");
        await ShootBothWidthsAsync(page, "order-detail-urdu");

        await page.GotoAsync("/funnel");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("فنل");
        await Assertions.Expect(page.Locator("tr.total td[data-status=confirmed]")).ToContainTextAsync("1");
        await ShootBothWidthsAsync(page, "funnel-urdu");

        await page.GotoAsync($"/orders/{id}");
        await page.ClickAsync("button[name=culture][value=en]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("Timeline");
        lock (requests)
        {
            Assert.All(requests, url => Assert.Equal(_site.Authority, new Uri(url).Authority));
        }
    }

    private static async Task ShootBothWidthsAsync(IPage page, string name)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways at {width} px");
            await Screenshots.TakeAsync(page, name);
        }
    }
}
