using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Merchant;

/// A browser-like client of the merchant pages over HTTP: keeps cookies, follows no redirect, and posts forms with the
/// antiforgery token the page gave it.
public sealed partial class MerchantClient(OrderConfirmApp app) : IDisposable
{
    /// What the pages' tests set: the test hosts serve plain http on 127.0.0.1, where a Secure cookie is never sent.
    public static readonly Dictionary<string, string?> Settings = new() { ["Merchant:SecureCookie"] = "false" };

    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpResponseMessage> SignInAsync(string login, string password, string? returnUrl = null)
    {
        var token = await TokenAsync("/login");
        var fields = new Dictionary<string, string> { ["login"] = login, ["password"] = password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        return await Http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    public async Task SignInAsOperatorAsync()
    {
        var response = await SignInAsync(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = await TokenAsync("/orders");
        return await Http.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    public async Task<string> PageAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<string> TokenAsync(string path)
    {
        var html = await PageAsync(path);
        return Token().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"{path} has no antiforgery token");
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
