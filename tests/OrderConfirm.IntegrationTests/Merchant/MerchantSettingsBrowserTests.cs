using Microsoft.Playwright;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The settings page in a real browser (Debian's chromium): a store owner types an SMS text and watches its preview
/// count change as they type (English: GSM-7, one SMS; Urdu: UCS-2, in parts of 67), saves it and finds it saved;
/// the balances load in place. Saved at desktop and phone width; nothing is asked of another host.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantSettingsBrowserTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const int Desktop = 1280;
    private const int Phone = 390;
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private Chromium _chromium = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings), kestrel: true);
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
    public async Task An_owner_watches_the_sms_count_follow_the_text_as_they_type_and_saves_it()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        var (page, requests) = await _chromium.OpenAsync(_site, Desktop);
        await page.GotoAsync("/settings");
        await page.FillAsync("input[name=login]", email);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Settings");

        var text = page.Locator("textarea[name='settings.smsTemplates.received']");
        var preview = page.Locator("#preview-received .sms-preview");
        await text.FillAsync("{store}: order {order} received, thank you!");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-encoding", "GSM-7");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-segments", "1");
        await Assertions.Expect(preview.Locator(".sms-text")).ToHaveTextAsync("Lahore Lawn: order #1001 received, thank you!");

        var urdu = string.Concat(Enumerable.Repeat("آپ کا آرڈر {order} موصول ہو گیا۔ ", 4)).Trim();
        await text.FillAsync(urdu);
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-encoding", "UCS-2");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-segments", "2");
        await Assertions.Expect(preview.Locator(".sms-count")).ToContainTextAsync("UCS-2: 2 SMS");
        await Screenshots.BothWidthsAsync(page, "settings");
        await page.SetViewportSizeAsync(Phone, 844);
        await page.Locator("fieldset[data-event=received]").ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder, "settings-sms-preview-390.png") });
        await page.SetViewportSizeAsync(Desktop, 900);

        // Enter in a field saves: the form's first button is Save, not a text's Preview.
        await page.Locator("input[name='sms.from']").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#sms .notice")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(text).ToHaveValueAsync(urdu);
        var api = await _admin.GetStringAsync(new Uri($"/api/stores/{store}", UriKind.Relative));
        Assert.Contains("موصول", System.Text.Json.Nodes.JsonNode.Parse(api)!["settings"]!["smsTemplates"]!["received"]!.GetValue<string>(), StringComparison.Ordinal);

        await page.ClickAsync("#balance-read-now");
        await Assertions.Expect(page.Locator("#balance-read [data-balance=robocall]")).ToContainTextAsync("PKR");
        Assert.EndsWith("/settings?store=" + store + "&saved=sms#sms", page.Url, StringComparison.Ordinal);
        await Screenshots.BothWidthsAsync(page, "settings-balances");
        lock (requests)
        {
            Assert.All(requests, url => Assert.Equal(_site.Authority, new Uri(url).Authority));
        }
    }

}
