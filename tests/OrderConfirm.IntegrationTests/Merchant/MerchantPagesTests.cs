using System.Net;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The merchant pages over HTTP: who gets in, what each one sees, and what a session cookie cannot open.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantPagesTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings) { ["Merchant:LoginPermits"] = "6" });
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_page_asked_without_a_session_sends_to_the_login_and_the_root_goes_to_the_orders()
    {
        using var browser = new MerchantClient(_app);

        var orders = await browser.Http.GetAsync(new Uri("/orders?state=pending", UriKind.Relative));
        var root = await browser.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, orders.StatusCode);
        Assert.Equal("/login?returnUrl=%2Forders%3Fstate%3Dpending", orders.Headers.Location!.PathAndQuery);
        Assert.Equal("/orders", root.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_operator_signs_in_sees_every_stores_orders_and_signs_out()
    {
        var storeA = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await _admin.CreateCustomStoreAsync("Karachi Kurta");
        var orderB = await SubmitAsync(storeB, "KK-2001");
        using var browser = new MerchantClient(_app);

        var signedIn = await browser.SignInAsync(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword, "/orders/" + orderB);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/orders/" + orderB, signedIn.Headers.Location!.ToString());
        Assert.Contains("#KK-2001", await browser.PageAsync($"/orders?store={storeB}"), StringComparison.Ordinal);
        Assert.Contains("Karachi Kurta", await browser.PageAsync($"/orders?store={storeA}"), StringComparison.Ordinal);
        Assert.Contains("#KK-2001", await browser.PageAsync("/orders/" + orderB), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignOutAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync(new Uri("/orders", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_store_owner_sees_only_their_store_and_another_stores_order_is_not_found()
    {
        var storeA = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await _admin.CreateCustomStoreAsync("Karachi Kurta");
        await SubmitAsync(storeA, "LL-1001");
        var orderB = await SubmitAsync(storeB, "KK-2002");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(storeA, email, password);
        using var owner = new MerchantClient(_app);

        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);
        var list = await owner.PageAsync($"/orders?store={storeB}");
        Assert.Contains("#LL-1001", list, StringComparison.Ordinal);
        Assert.DoesNotContain("#KK-2002", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Karachi Kurta", list, StringComparison.Ordinal);
        Assert.DoesNotContain("#KK-2002", await owner.PageAsync($"/orders?store={storeB}&partial=1"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync(new Uri("/orders/" + orderB, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync(new Uri("/orders/999999", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_owner_cannot_act_on_another_stores_order_and_an_action_needs_its_antiforgery_token()
    {
        var storeA = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await _admin.CreateCustomStoreAsync("Karachi Kurta");
        var own = await _admin.SubmitOrderAsync(storeA, "LL-6001", "0300-12345");
        var other = await _admin.SubmitOrderAsync(storeB, "KK-6002", "0300-12345");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(storeA, email, password);
        using var owner = new MerchantClient(_app);
        await owner.SignInAsync(email, password);
        var token = await owner.TokenAsync($"/orders/{own}");
        var (_, typed) = RoboCallStub.NewPhone();

        var elsewhere = await owner.Http.PostAsync(new Uri($"/orders/{other}?handler=Phone", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = typed, ["__RequestVerificationToken"] = token }));
        var tokenless = await owner.Http.PostAsync(new Uri($"/orders/{own}?handler=Phone", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = typed }));
        var refused = await owner.Http.PostAsync(new Uri($"/orders/{own}?handler=Stop", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("can be stopped", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var untouched = await _admin.GetVerificationAsync(other);
        Assert.Equal("invalid-phone", untouched["status"]!.GetValue<string>());
        Assert.Null(untouched["phone"]);
    }

    [Fact]
    public async Task A_session_cookie_opens_no_api_endpoint()
    {
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var api = await browser.Http.GetAsync(new Uri("/api/verifications", UriKind.Relative));
        var stores = await browser.Http.GetAsync(new Uri("/api/stores", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stores.StatusCode);
    }

    [Fact]
    public async Task A_login_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var browser = new MerchantClient(_app);

        var response = await browser.Http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = OrderConfirmApp.DashboardUser,
            ["password"] = OrderConfirmApp.DashboardPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_wrong_password_opens_no_session_and_does_not_say_whether_the_login_exists()
    {
        var store = await _admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (unknown, _) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        using var browser = new MerchantClient(_app);

        var wrong = await browser.SignInAsync(email, password + "x");
        var nobody = await browser.SignInAsync(unknown, password);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(Problem(await wrong.Content.ReadAsStringAsync()), Problem(await nobody.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync(new Uri("/orders", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_return_address_on_another_host_is_ignored_after_the_login()
    {
        using var first = new MerchantClient(_app);
        using var second = new MerchantClient(_app);

        var outside = await first.SignInAsync(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword, "https://evil.example/orders");
        var schemeless = await second.SignInAsync(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword, "//evil.example/orders");

        Assert.Equal("/orders", outside.Headers.Location!.ToString());
        Assert.Equal("/orders", schemeless.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Deleting_an_owners_login_ends_the_session_it_had_open()
    {
        var store = await _admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var login = await _admin.CreateLoginAsync(store, email, password);
        using var owner = new MerchantClient(_app);
        await owner.SignInAsync(email, password);
        await owner.PageAsync("/orders");

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync(new Uri($"/api/stores/{store}/users/{login}", UriKind.Relative))).StatusCode);

        var after = await owner.Http.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_login_attempts_from_one_address_are_answered_429()
    {
        using var browser = new MerchantClient(_app);
        var token = await browser.TokenAsync("/login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var response = await browser.Http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["login"] = OrderConfirmApp.DashboardUser,
                ["password"] = "not-the-password-" + i,
                ["__RequestVerificationToken"] = token,
            }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode);
    }

    private async Task<long> SubmitAsync(long storeId, string orderId)
    {
        var (_, typed) = RoboCallStub.NewPhone();
        return await _admin.SubmitOrderAsync(storeId, orderId, typed);
    }

    private static string Problem(string html) => html[html.IndexOf("role=\"alert\"", StringComparison.Ordinal)..][..120];
}
