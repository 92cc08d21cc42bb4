using System.Net;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// The public page's guards: the token stays out of the logs in every spelling of the path that routes to the page, and
/// the rate limit counts each link and each client address on their own.
[Collection(SharedInfrastructure.Name)]
public sealed class ConfirmLinkGuardTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly Dictionary<string, string?> NoCallYet = new() { ["Verification:CallDelay"] = "01:00:00" };

    [Theory]
    [InlineData("/C/", "")]
    [InlineData("/C/", "/")]
    [InlineData("/c/", "/")]
    public async Task The_token_is_not_logged_whatever_the_case_of_the_path(string prefix, string suffix)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet);
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var url = await LinkAsync(admin);

        // Routing ignores case and a trailing slash, so /C/<token>/ shows the page like /c/<token> does.
        var page = await browser.GetAsync(prefix + url["/c/".Length..] + suffix);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Lahore Lawn", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(LeakScan.Find(app.Logs.Lines));
    }

    // Carrier NAT puts many customers behind one address: with the default limits, thirty customers answering from one
    // address in a minute all get their page, and one link hammered is stopped after a few answers' worth.
    [Fact]
    public async Task Many_links_from_one_address_pass_and_one_link_hammered_is_limited()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet);
        using var admin = app.AdminClient();
        using var browser = app.CreateClient();
        var storeId = await admin.CreateCustomStoreAsync();
        var links = new List<string>();
        for (var i = 0; i < 31; i++)
        {
            links.Add(await LinkAsync(admin, storeId));
        }

        foreach (var link in links.Take(30))
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(link)).StatusCode);
        }

        var hammered = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            hammered.Add((await browser.GetAsync(links[30])).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 10), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], hammered);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(links[0])).StatusCode); // the address itself is not blocked
    }

    // One link from many addresses (behind a trusted proxy) is limited by the link's own count.
    [Fact]
    public async Task A_link_has_its_limit_across_addresses_and_an_address_across_links()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:CallDelay"] = "01:00:00",
            ["Links:RateLimitPermits"] = "4",
            ["Links:TokenRateLimitPermits"] = "3",
        }, kestrel: true);
        using var admin = app.AdminClient();
        using var proxy = app.CreateClient();
        var storeId = await admin.CreateCustomStoreAsync();
        var (one, other, third) = (await LinkAsync(admin, storeId), await LinkAsync(admin, storeId), await LinkAsync(admin, storeId));

        async Task<HttpStatusCode> GetAsync(string url, string customer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Forwarded-For", customer);
            return (await proxy.SendAsync(request)).StatusCode;
        }

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            [await GetAsync(one, "203.0.113.7"), await GetAsync(one, "203.0.113.8"), await GetAsync(one, "203.0.113.9"), await GetAsync(one, "203.0.113.10")]);

        // Four requests from one address over two links pass, the fifth is refused for the address, and a refusal for
        // the address does not use up the link's count: the link's third request, from elsewhere, still passes.
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            [
                await GetAsync(other, "203.0.113.20"), await GetAsync(other, "203.0.113.20"), await GetAsync(third, "203.0.113.20"),
                await GetAsync(third, "203.0.113.20"), await GetAsync(third, "203.0.113.20"), await GetAsync(third, "203.0.113.21"),
            ]);
    }

    private static async Task<string> LinkAsync(HttpClient admin, long? store = null)
    {
        var storeId = store ?? await admin.CreateCustomStoreAsync();
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        return await admin.CreateLinkAsync(id);
    }
}
