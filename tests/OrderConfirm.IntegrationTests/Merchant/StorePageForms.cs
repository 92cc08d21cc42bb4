using System.Net;
using System.Text.RegularExpressions;

namespace OrderConfirm.IntegrationTests.Merchant;

/// Posting the store pages' forms as a browser does: with the antiforgery token a page of the session gave (any page:
/// the token is the session's), to a handler's URL, and reading where a redirect goes.
public static partial class StorePageForms
{
    public static async Task<HttpResponseMessage> PostFormAsync(this MerchantClient client, string action, IReadOnlyDictionary<string, string> fields, string tokenFrom = "/orders", bool json = false)
    {
        var token = await client.TokenAsync(tokenFrom);
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(action, UriKind.Relative)) { Content = new FormUrlEncodedContent(all) };
        if (json)
        {
            request.Headers.Accept.Add(new("application/json"));
        }

        return await client.Http.SendAsync(request);
    }

    /// Creates a store through /stores/new and returns its id, from the redirect to its connect page.
    public static async Task<long> CreateStoreAsync(this MerchantClient client, IReadOnlyDictionary<string, string> fields)
    {
        var response = await client.PostFormAsync("/stores/new", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var match = ConnectPath().Match(response.Headers.Location!.ToString());
        Assert.True(match.Success, response.Headers.Location!.ToString());
        var id = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"/stores/{id}/connect?done=created", response.Headers.Location!.ToString());
        return id;
    }

    public static async Task<string> HtmlAsync(this HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("^/stores/([0-9]+)/connect")]
    private static partial Regex ConnectPath();
}
