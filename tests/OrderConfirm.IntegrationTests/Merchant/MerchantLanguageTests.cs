using System.Net;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The pages in Urdu: chosen with the layout's switch (the standard culture cookie) or the browser's Accept-Language,
/// English by default and for a key Urdu lacks; the API's answers stay English whatever the request asks.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantLanguageTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const string UrduOrders = "آرڈرز";
    private OrderConfirmApp _app = null!;

    public async Task InitializeAsync()
        => _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, MerchantClient.Settings);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task English_is_the_default_left_to_right()
    {
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var page = await browser.PageAsync("/orders");

        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Orders</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(UrduOrders, page, StringComparison.Ordinal);
        Assert.Contains(">اردو</button>", page, StringComparison.Ordinal); // the switch names each language in itself
    }

    [Fact]
    public async Task The_switch_sets_the_culture_cookie_and_the_orders_page_is_in_urdu_right_to_left_with_english_for_a_missing_key()
    {
        using (var admin = _app.AdminClient())
        {
            await admin.CreateCustomStoreAsync("Lahore Lawn");
        }

        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();
        var token = await browser.TokenAsync("/orders");

        var chosen = await browser.Http.PostAsync(new Uri("/language", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "ur",
            ["returnUrl"] = "/orders?state=pending",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/orders?state=pending", chosen.Headers.Location!.ToString());
        Assert.Contains(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dur%7Cuic%3Dur;", StringComparison.Ordinal));
        var page = await browser.PageAsync("/orders");
        Assert.Contains("<html lang=\"ur\" dir=\"rtl\">", page, StringComparison.Ordinal);
        Assert.Contains($"<h1>{UrduOrders}</h1>", page, StringComparison.Ordinal);
        Assert.Contains("سائن آؤٹ", page, StringComparison.Ordinal);
        Assert.Contains("OrderConfirm</a>", page, StringComparison.Ordinal); // AppName: not in the Urdu file, read in English

        // And back.
        await browser.Http.PostAsync(new Uri("/language", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en", ["__RequestVerificationToken"] = token }));
        Assert.Contains("<h1>Orders</h1>", await browser.PageAsync("/orders"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browsers_accept_language_chooses_urdu_when_no_choice_was_made()
    {
        using var browser = new MerchantClient(_app);
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ur-PK,ur;q=0.9,en;q=0.5");

        var login = await browser.PageAsync("/login");

        Assert.Contains("<html lang=\"ur\" dir=\"rtl\">", login, StringComparison.Ordinal);
        Assert.Contains("سائن اِن", login, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_choice_without_the_antiforgery_token_or_for_another_host_changes_nothing()
    {
        using var browser = new MerchantClient(_app);
        var token = await browser.TokenAsync("/login");

        var tokenless = await browser.Http.PostAsync(new Uri("/language", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "ur" }));
        var elsewhere = await browser.Http.PostAsync(new Uri("/language", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "xx",
            ["returnUrl"] = "https://evil.example/",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.False(tokenless.Headers.Contains("Set-Cookie") && tokenless.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
        Assert.Equal("/orders", elsewhere.Headers.Location!.ToString());
        Assert.False(elsewhere.Headers.Contains("Set-Cookie") && elsewhere.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", await browser.PageAsync("/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apis_problem_details_stay_english_whatever_the_request_asks()
    {
        using var admin = _app.AdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/webhook-deliveries?status=lost");
        request.Headers.AcceptLanguage.ParseAdd("ur");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dur%7Cuic%3Dur");

        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown status; use one of", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Content.Headers.Contains("Content-Language"));
    }
}
