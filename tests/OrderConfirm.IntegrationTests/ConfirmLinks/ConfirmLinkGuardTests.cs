using System.Net;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// The public page's guards: the token stays out of the logs in every spelling of the path that routes to the page.
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

    private static async Task<string> LinkAsync(HttpClient admin)
    {
        var storeId = await admin.CreateCustomStoreAsync();
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
        return await admin.CreateLinkAsync(id);
    }
}
