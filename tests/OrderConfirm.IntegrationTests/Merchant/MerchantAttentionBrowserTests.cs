using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The operator's /attention page in a real browser (Debian's chromium, headless): a failed delivery shown with its
/// reason, retried with one click, and applied. Saved at desktop and phone width; nothing asked of another host.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantAttentionBrowserTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const int Desktop = 1280;
    private const int Phone = 390;
    private readonly ScriptedWebhookHandler _handler = new();
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private Chromium _chromium = null!;
    private Uri _site = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?>(MerchantClient.Settings)
            {
                ["Webhooks:RetryDelay"] = "00:00:00.100",
                ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
                ["Webhooks:MaxAttempts"] = "2",
            },
            services => services.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, _handler),
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
    public async Task The_operator_sees_a_failed_delivery_with_its_reason_and_retries_it_with_one_click()
    {
        var store = await _admin.CreateCustomStoreAsync("Multan Mangoes");
        _handler.Behaviour = (_, _) => throw new TimeoutException("the shop did not answer");
        await ScriptedWebhookHandler.StoreAsync(_app, store, """{"order":"mm-2"}""");
        var failed = Assert.Single(await _app.WaitForInboxAsync(r => r.Count == 1 && r[0].Status == "failed", TimeSpan.FromSeconds(20)));

        var (page, requests) = await _chromium.OpenAsync(_site, Desktop);
        await page.GotoAsync("/orders");
        await page.FillAsync("input[name=login]", OrderConfirmApp.DashboardUser);
        await page.FillAsync("input[name=password]", OrderConfirmApp.DashboardPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".bar .attention-link .count")).ToHaveTextAsync("1");
        await page.ClickAsync(".bar .attention-link");

        var row = page.Locator($"tr[data-delivery='{failed.Id}']");
        await Assertions.Expect(row).ToContainTextAsync("Multan Mangoes");
        await Assertions.Expect(row.Locator(".reason")).ToHaveTextAsync("applying: TimeoutException");
        await Assertions.Expect(page.Locator(".counts")).ToContainTextAsync("1 Failed webhook deliveries");
        await Screenshots.BothWidthsAsync(page, "attention");

        _handler.Behaviour = (_, _) => Task.FromResult("applied");
        await row.Locator("button:has-text('Retry')").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync($"Delivery {failed.Id} is due again");
        await _app.WaitForInboxAsync(r => r.Single().Status == "done", TimeSpan.FromSeconds(20));
        await page.GotoAsync("/attention");
        await Assertions.Expect(page.Locator($"tr[data-delivery='{failed.Id}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".counts")).ToContainTextAsync("0 Failed webhook deliveries");
        await Screenshots.BothWidthsAsync(page, "attention-clear");
        lock (requests)
        {
            Assert.All(requests, url => Assert.Equal(_site.Authority, new Uri(url).Authority));
        }
    }

}
