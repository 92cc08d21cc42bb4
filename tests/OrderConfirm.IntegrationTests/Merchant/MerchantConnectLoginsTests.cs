using System.Net;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The connect page's logins (operator only), through StoreLogins, the service POST /api/stores/{id}/users uses: a
/// login made here signs in; a new password replaces the old; a deleted login is refused; bad input is named.
[Collection(SharedInfrastructure.Name)]
public sealed partial class MerchantConnectLoginsTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
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
    public async Task A_login_created_on_the_page_signs_in_a_new_password_replaces_the_old_and_a_deleted_one_is_refused()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var connect = $"/stores/{store}/connect";
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (_, newPassword) = StoreOwnerLogins.NewLogin();
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var created = await browser.PostFormAsync($"{connect}?handler=AddLogin", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"{connect}?done=login-added#logins", created.Headers.Location!.ToString());
        var page = WebUtility.HtmlDecode(await browser.PageAsync($"{connect}?done=login-added"));
        Assert.Contains(email, page, StringComparison.Ordinal);
        Assert.DoesNotContain(password, page, StringComparison.Ordinal);
        using (var owner = new MerchantClient(_app))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);
            Assert.Contains("Lahore Lawn", await owner.PageAsync(connect), StringComparison.Ordinal);
        }

        var userId = UserId().Match(page).Groups[1].Value;
        var reset = await browser.PostFormAsync($"{connect}?handler=Password&userId={userId}", new Dictionary<string, string> { ["password"] = newPassword });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        using (var owner = new MerchantClient(_app))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, newPassword)).StatusCode);
        }

        var deleted = await browser.PostFormAsync($"{connect}?handler=DeleteLogin&userId={userId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain(email, WebUtility.HtmlDecode(await browser.PageAsync(connect)), StringComparison.Ordinal);
        using (var owner = new MerchantClient(_app))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, (await owner.SignInAsync(email, newPassword)).StatusCode);
        }
    }

    [Fact]
    public async Task A_bad_login_is_named_next_to_its_field_and_an_email_in_use_is_refused_and_another_stores_login_is_not_found()
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn");
        var other = await _admin.CreateCustomStoreAsync("Karachi Kurta");
        var (email, password) = StoreOwnerLogins.NewLogin();
        var otherUser = await _admin.CreateLoginAsync(other, email, password);
        var connect = $"/stores/{store}/connect";
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var shortOne = await browser.PostFormAsync($"{connect}?handler=AddLogin", new Dictionary<string, string> { ["email"] = "owner@example.pk", ["password"] = "short" });
        var taken = await browser.PostFormAsync($"{connect}?handler=AddLogin", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        var foreign = await browser.PostFormAsync($"{connect}?handler=DeleteLogin&userId={otherUser}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        var shortHtml = await shortOne.HtmlAsync();
        Assert.Contains("id=\"e-password\"", shortHtml, StringComparison.Ordinal);
        Assert.Contains("The password must have 12 to 128 characters.", shortHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already has this e-mail", await taken.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var owner = new MerchantClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);
    }

    [GeneratedRegex("[?&]userId=([0-9]+)")]
    private static partial Regex UserId();
}
