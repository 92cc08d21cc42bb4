using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OrderConfirm.ConfirmLinks;
using OrderConfirm.IntegrationTests.Infrastructure;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// Confirm by link on PostgreSQL: the customer answers on the public page instead of on the call.
[Collection(SharedInfrastructure.Name)]
public sealed partial class ConfirmLinkTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string SmsKey = "rsp_link_key_0123456789";

    // No call within a test: the verification waits in step 'call', as before its first call or between re-attempts.
    private static readonly Dictionary<string, string?> NoCallYet = new() { ["Verification:CallDelay"] = "01:00:00" };

    [Fact]
    public async Task Confirm_on_the_page_is_recorded_like_pressing_1_and_a_second_use_does_nothing()
    {
        LeakScan.Secret(SmsKey);
        var gateway = new ScriptedSmsGateway("robosms-pk");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet, services =>
        {
            services.RemoveAll<ISmsGateway>();
            services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
        });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var storeId = await StoreAsync(admin, "Lahore Lawn", sms: true);
        var (phone, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed, amount: 4599.50m);
        var url = await admin.CreateLinkAsync(id);

        var page = await browser.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("/c/", url, StringComparison.Ordinal);
        Assert.InRange(url.Length - 3, 20, 45);
        Assert.Contains("Lahore Lawn", html, StringComparison.Ordinal);
        Assert.Contains("PKR 4,599.5", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", html, StringComparison.Ordinal);
        AssertNothingPersonalOrExternal(html, phone);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        Assert.Equal("no-referrer", string.Join(",", page.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", string.Join(",", page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", page.Headers.GetValues("X-Frame-Options")));
        var csp = string.Join(",", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);

        var (status, answered) = await browser.AnswerAsync(url, "confirm");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You confirmed this order on", answered, StringComparison.Ordinal);
        var done = await admin.WaitForStatusAsync(id, "confirmed");
        Assert.Equal("link", done["decidedBy"]!.GetValue<string>());
        await WaitAsync(() => gateway.Sent.Any(s => s.Message.IdempotencyKey.Contains(SmsEvents.Confirmed, StringComparison.Ordinal)));

        // Used: a new visit shows the answer, a second post (the other button) changes nothing.
        var again = await browser.GetStringAsync(url);
        Assert.Contains("You confirmed this order on", again, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", again, StringComparison.Ordinal);
        var (secondStatus, second) = await browser.PostWithTokenFromAsync(url, "cancel", html);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Contains("You confirmed this order on", second, StringComparison.Ordinal);
        await Task.Delay(500);
        var after = await admin.GetVerificationAsync(id);
        Assert.Equal("confirmed", after["status"]!.GetValue<string>());
        var timeline = Messages(after);
        Assert.Single(timeline, m => m == "Customer confirmed by link");
        Assert.DoesNotContain(timeline, m => m.Contains("by link", StringComparison.Ordinal) && m.Contains("cancel", StringComparison.Ordinal));
        Assert.Single(timeline, m => m.StartsWith("Confirm link created, expires ", StringComparison.Ordinal));
        Assert.DoesNotContain(timeline, m => m.Contains(url[3..], StringComparison.Ordinal));
        Assert.Single(gateway.Sent, s => s.Message.IdempotencyKey.Contains(SmsEvents.Confirmed, StringComparison.Ordinal));
        Assert.Equal(0, roboCall.DialCount(phone));

        // The order has its answer: no further link.
        var conflict = await admin.PostAsync($"/api/verifications/{id}/link", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/verifications/999999/link", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync($"/api/verifications/{id}/link", null)).StatusCode);
    }

    [Theory]
    [InlineData("confirm", "confirmed")]
    [InlineData("cancel", "cancelled")]
    public async Task A_shopify_order_answered_on_the_page_is_written_back_with_the_link_wording(string answer, string outcome)
    {
        using var shop = new ShopifyAdminStub().MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet);
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync("Lahore Lawn", apiBaseUrl: shop.BaseUrl);
        var (_, typed) = RoboCallStub.NewPhone();
        var orderId = 7_770_000_000 + Random.Shared.Next(1_000_000);
        shop.Order(orderId);
        using var delivery = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(delivery)).StatusCode);
        var id = (await admin.WaitForOrderAsync(store.StoreId, orderId))["id"]!.GetValue<long>();
        await admin.WaitForStatusAsync(id, "pending");

        var (status, _) = await browser.AnswerAsync(await admin.CreateLinkAsync(id), answer);

        Assert.Equal(HttpStatusCode.OK, status);
        var done = await admin.WaitForStatusAsync(id, outcome);
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        if (outcome == "cancelled")
        {
            var cancel = Assert.Single(shop.Operations("CancelOrder"));
            Assert.Equal("Cancelled by the customer on the OrderConfirm link page", ShopifyAdminStub.Variables(cancel).GetProperty("staffNote").GetString());
        }
        else
        {
            Assert.Empty(shop.Operations("CancelOrder"));
            Assert.Contains(shop.Server.LogEntries, e => e.RequestMessage?.Body?.Contains("cod-confirmed", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task Forged_expired_and_unanswerable_links_are_refused_in_the_store_language()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?>
        {
            ["Verification:CallDelay"] = "01:00:00",
            ["Links:ValidFor"] = "00:00:02",
        });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var storeId = await StoreAsync(admin, "Karachi Kurta", sms: false, language: "ur");
        var (phone, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        var url = await admin.CreateLinkAsync(id);

        var urdu = await browser.GetStringAsync(url);
        Assert.Contains("<html lang=\"ur\" dir=\"rtl\">", urdu, StringComparison.Ordinal);
        Assert.Contains("Karachi Kurta", urdu, StringComparison.Ordinal);
        AssertNothingPersonalOrExternal(urdu, phone);
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", await browser.GetStringAsync(url + "?lang=en"), StringComparison.Ordinal);

        // Without the antiforgery token the post is refused, and nothing changes: a page (not JSON) asks to reload.
        var (noToken, noTokenHtml) = await browser.AnswerAsync(url, "confirm", withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken);
        Assert.StartsWith("<!doctype html>", noTokenHtml, StringComparison.Ordinal);
        Assert.Contains(OrderConfirm.ConfirmLinks.ConfirmLinkTexts.Urdu.Outdated, noTokenHtml, StringComparison.Ordinal);
        using (var noCookie = app.CreateClient())
        {
            // An old tab in a browser that has since lost its cookie: the form's token alone is not enough.
            var (stale, staleHtml) = await noCookie.PostWithTokenFromAsync(url, "confirm", await browser.GetStringAsync(url));
            Assert.Equal(HttpStatusCode.BadRequest, stale);
            Assert.Contains(OrderConfirm.ConfirmLinks.ConfirmLinkTexts.Urdu.Reload, staleHtml, StringComparison.Ordinal);
        }

        Assert.Equal("pending", (await admin.GetVerificationAsync(id))["status"]!.GetValue<string>());

        // Expired: a clear page, and the verification is untouched.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var expired = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("اس لنک کی میعاد ختم ہو چکی ہے", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", (await admin.GetVerificationAsync(id))["status"]!.GetValue<string>());

        // Forged: one character of the signature changed. Refused without the database: with the links table gone, a
        // correctly signed token would now fail (500), the forged one still gets its plain 404.
        var token = url[3..];
        var forged = "/c/" + token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var rename = new NpgsqlCommand("alter table confirm_links rename to confirm_links_away", connection);
            await rename.ExecuteNonQueryAsync();
        }

        var forgedPage = await browser.GetAsync(forged);
        Assert.Equal(HttpStatusCode.NotFound, forgedPage.StatusCode);
        Assert.Contains("This link is not valid.", await forgedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/c/not-a-token")).StatusCode);
        var signed = app.Services.GetRequiredService<ConfirmLinkToken>().Create().Token;
        LeakScan.Secret(signed);
        Assert.Equal(HttpStatusCode.InternalServerError, (await browser.GetAsync("/c/" + signed)).StatusCode);
    }

    [Fact]
    public async Task Two_posts_at_once_make_one_transition()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet);
        using var admin = app.AdminClient();
        var storeId = await StoreAsync(admin, "Lahore Lawn", sms: false);
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        var first = await admin.CreateLinkAsync(id);
        var second = await admin.CreateLinkAsync(id);

        // The same link twice, and a second link of the same order, all at once.
        using var a = app.CreateClient();
        using var b = app.CreateClient();
        using var c = app.CreateClient();
        var pages = await Task.WhenAll(a.GetStringAsync(first), b.GetStringAsync(first), c.GetStringAsync(second));
        var answers = await Task.WhenAll(
            a.PostWithTokenFromAsync(first, "confirm", pages[0]),
            b.PostWithTokenFromAsync(first, "cancel", pages[1]),
            c.PostWithTokenFromAsync(second, "cancel", pages[2]));

        var done = await admin.GetVerificationAsync(id);
        var decided = Messages(done).Where(m => m.EndsWith("by link", StringComparison.Ordinal)).ToList();
        Assert.Single(decided);
        var expected = decided[0] == "Customer confirmed by link" ? "confirmed" : "cancelled";
        Assert.Equal(expected, done["status"]!.GetValue<string>());
        Assert.All(answers, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, r.Html));
    }

    [Fact]
    public async Task An_answer_during_the_call_is_refused_and_changes_nothing()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var storeId = await StoreAsync(admin, "Lahore Lawn", sms: false);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (1, null, 0)); // initiated, for as long as the test runs
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        await admin.WaitForStatusAsync(id, "calling", settled: false);
        await WaitAsync(async () => (await admin.GetVerificationAsync(id))["callId"] is not null);
        var url = await admin.CreateLinkAsync(id);

        var shown = await browser.GetStringAsync(url);
        Assert.Contains("A call about this order is in progress", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", shown, StringComparison.Ordinal);

        // A form the browser already holds (antiforgery tokens belong to the browser, not to a link) posted to it.
        var waitingStore = await StoreAsync(admin, "Lahore Lawn", sms: false, settings: new { callDelay = "01:00:00" });
        var waiting = await admin.SubmitOrderAsync(waitingStore, Guid.NewGuid().ToString("N"), RoboCallStub.NewPhone().AsTyped);
        var form = await browser.GetStringAsync(await admin.CreateLinkAsync(waiting));
        var (status, html) = await browser.PostWithTokenFromAsync(url, "confirm", form);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("A call about this order is in progress", html, StringComparison.Ordinal);
        var after = await admin.GetVerificationAsync(id);
        Assert.Equal("calling", after["status"]!.GetValue<string>());
        Assert.DoesNotContain(Messages(after), m => m.EndsWith("by link", StringComparison.Ordinal));
    }

    private static void AssertNothingPersonalOrExternal(string html, string phone)
    {
        Assert.DoesNotContain(phone[^7..], html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ayesha", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Khan", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("action=", html, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Messages(JsonObject verification)
        => verification["timeline"]!.AsArray().Select(e => (string)e!["message"]!).ToList();

    private static async Task<long> StoreAsync(HttpClient admin, string name, bool sms, string? language = null, object? settings = null)
    {
        var response = await admin.PostAsJsonAsync("/api/stores", new
        {
            name,
            platform = "custom",
            sms = sms ? (object)new { provider = "robosms-pk", apiKey = SmsKey } : new { provider = "none" },
            settings = settings ?? (language is null ? null : new { smsLanguage = language }),
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
