using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// How many answers a link page takes, per link and per client, and who counts as the client behind a proxy.
public sealed partial class ConfirmLinkTests
{
    [Fact]
    public async Task The_page_is_rate_limited_per_client_and_the_api_is_not()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:CallDelay"] = "01:00:00",
            ["Links:RateLimitPermits"] = "3",
            ["Links:RateLimitWindow"] = "00:01:00",
        });
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var storeId = await StoreAsync(admin, "Lahore Lawn", sms: false);
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        var url = await admin.CreateLinkAsync(id);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await browser.GetAsync(url)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await browser.GetAsync(url);
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-store", limited.Headers.CacheControl!.ToString());
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/verifications/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_customer_has_a_limit_of_their_own()
    {
        // A real socket from 127.0.0.1: a proxy on the same host, trusted without configuration.
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:CallDelay"] = "01:00:00",
            ["Links:RateLimitPermits"] = "2",
            ["Links:RateLimitWindow"] = "00:01:00",
        }, kestrel: true);
        using var admin = app.AdminClient();
        using var proxy = app.CreateClient();
        var storeId = await StoreAsync(admin, "Lahore Lawn", sms: false);
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        var url = await admin.CreateLinkAsync(id);

        async Task<HttpStatusCode> AsAsync(string customer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Forwarded-For", customer);
            return (await proxy.SendAsync(request)).StatusCode;
        }

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK],
            [await AsAsync("203.0.113.7"), await AsAsync("203.0.113.7"), await AsAsync("203.0.113.7"), await AsAsync("203.0.113.8"), await AsAsync("203.0.113.9")]);
    }
}
