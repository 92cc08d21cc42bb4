using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.ConfirmLinks;

/// A customer's browser on the link page: it reads the form, keeps the antiforgery cookie (the client's cookie jar)
/// and posts the answer back. The HTML is read with plain string checks.
public static partial class LinkPageClient
{
    public static async Task<string> CreateLinkAsync(this HttpClient admin, long verificationId)
    {
        var response = await admin.PostAsync($"/api/verifications/{verificationId}/link", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        LeakScan.Secret(url[(url.LastIndexOf('/') + 1)..]);
        return url;
    }

    public static async Task<(HttpStatusCode Status, string Html)> AnswerAsync(this HttpClient browser, string url, string answer, bool withAntiforgery = true)
    {
        var page = await browser.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        var fields = new List<KeyValuePair<string, string>> { new("answer", answer) };
        if (withAntiforgery)
        {
            var hidden = HiddenInput().Match(html);
            Assert.True(hidden.Success, "the page has no antiforgery field: " + html);
            fields.Add(new(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value)));
        }

        using var form = new FormUrlEncodedContent(fields);
        var response = await browser.PostAsync(url, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(HttpStatusCode Status, string Html)> PostWithTokenFromAsync(this HttpClient browser, string url, string answer, string pageHtml)
    {
        var hidden = HiddenInput().Match(pageHtml);
        using var form = new FormUrlEncodedContent([new("answer", answer), new(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value))]);
        var response = await browser.PostAsync(url, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]+)">""")]
    private static partial Regex HiddenInput();
}
