using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Custom;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The operator's /attention page over HTTP: a failed delivery listed with its reason and replayed, a needs-attention
/// order written back again and gone from the list, and nothing of it for a store owner.
[Collection(SharedInfrastructure.Name)]
public sealed class MerchantAttentionTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    // In the exception's message only: the page shows the step and the exception type, never the message.
    private const string BodySecret = "shpat_attention_must_not_show";
    private readonly ScriptedWebhookHandler _handler = new();
    private readonly RecoveringWriteBack _shop = new();
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?>(MerchantClient.Settings)
            {
                ["Webhooks:RetryDelay"] = "00:00:00.100",
                ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
                ["Webhooks:MaxAttempts"] = "2",
                ["Verification:MaxWriteBackAttempts"] = "1",
            },
            services => services
                .AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, _handler)
                .AddKeyedSingleton<IOrderWriteBack>(CustomPlatform.Key, _shop));
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_failed_delivery_is_listed_with_its_reason_and_retried_from_the_page_but_not_by_an_owner_or_without_the_token()
    {
        var store = await _admin.CreateCustomStoreAsync("Multan Mangoes");
        _handler.Behaviour = (_, _) => throw new InvalidOperationException("could not apply " + BodySecret);
        await ScriptedWebhookHandler.StoreAsync(_app, store, """{"order":"mm-1"}""");
        var failed = Assert.Single(await _app.WaitForInboxAsync(r => r.Count == 1 && r[0].Status == "failed", TimeSpan.FromSeconds(20)));
        using var operatorBrowser = new MerchantClient(_app);
        await operatorBrowser.SignInAsOperatorAsync();

        var page = await operatorBrowser.PageAsync("/attention");
        var row = Row(page, $"data-delivery=\"{failed.Id}\"");
        Assert.Contains("Multan Mangoes", row, StringComparison.Ordinal);
        Assert.Contains("test/topic", row, StringComparison.Ordinal);
        Assert.Contains("applying: InvalidOperationException", row, StringComparison.Ordinal);
        Assert.Contains("handler=RetryDelivery", row, StringComparison.Ordinal);
        Assert.DoesNotContain(BodySecret, page, StringComparison.Ordinal);
        Assert.DoesNotContain("mm-1", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> Failed webhook deliveries", page, StringComparison.Ordinal);
        Assert.Contains("class=\"count\">1<", await operatorBrowser.PageAsync("/orders"), StringComparison.Ordinal);

        // A store owner: no page, no handler, no link; the delivery stays failed.
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        using var owner = new MerchantClient(_app);
        await owner.SignInAsync(email, password);
        var ownerToken = await owner.TokenAsync("/orders");
        Assert.DoesNotContain("/attention", await owner.PageAsync("/orders"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync(new Uri("/attention", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.PostAsync(new Uri($"/attention?handler=RetryDelivery&id={failed.Id}", UriKind.Relative), Form(ownerToken))).StatusCode);

        // Without the antiforgery token: refused, nothing requeued.
        var tokenless = await operatorBrowser.Http.PostAsync(new Uri($"/attention?handler=RetryDelivery&id={failed.Id}", UriKind.Relative), Form(null));
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.Equal("failed", Assert.Single(await _app.InboxRowsAsync()).Status);

        // The operator fixes the cause and retries: applied, and the page says so.
        _handler.Behaviour = (_, _) => Task.FromResult("applied");
        var token = await operatorBrowser.TokenAsync("/attention");
        var retried = await operatorBrowser.Http.PostAsync(new Uri($"/attention?handler=RetryDelivery&id={failed.Id}", UriKind.Relative), Form(token));
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Contains($"Delivery {failed.Id} is due again", await operatorBrowser.PageAsync(retried.Headers.Location!.ToString()), StringComparison.Ordinal);
        await _app.WaitForInboxAsync(r => r.Single().Status == "done", TimeSpan.FromSeconds(20));
        Assert.DoesNotContain($"data-delivery=\"{failed.Id}\"", await operatorBrowser.PageAsync("/attention"), StringComparison.Ordinal);

        // Retried again once applied: refused with why, as the API's 409 says.
        var again = await operatorBrowser.Http.PostAsync(new Uri($"/attention?handler=RetryDelivery&id={failed.Id}", UriKind.Relative), Form(token));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("it was applied already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_needs_attention_order_with_a_failed_write_back_is_written_back_from_the_page_and_leaves_the_list()
    {
        var store = await _admin.CreateCustomStoreAsync("Sialkot Sports");
        var other = await _admin.CreateCustomStoreAsync("Quetta Quilts");
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var id = await _admin.SubmitOrderAsync(store, "SS-7001", typed);
        await _admin.WaitForStatusAsync(id, VerificationStatus.NeedsAttention);
        using var browser = new MerchantClient(_app);
        await browser.SignInAsOperatorAsync();

        var page = await browser.PageAsync("/attention");
        var row = Row(page, $"data-id=\"{id}\"");
        Assert.Contains("#SS-7001", row, StringComparison.Ordinal);
        Assert.Contains("Sialkot Sports", row, StringComparison.Ordinal);
        Assert.Contains("shop answered 503", row, StringComparison.Ordinal);
        Assert.Contains("handler=RetryWriteBack", row, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Redial", row, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> Orders that need attention", page, StringComparison.Ordinal);
        Assert.DoesNotContain("#SS-7001", await browser.PageAsync($"/attention?store={other}"), StringComparison.Ordinal);
        Assert.Contains("#SS-7001", await browser.PageAsync($"/attention?store={store}"), StringComparison.Ordinal);

        _shop.Recover();
        var token = await browser.TokenAsync("/attention");
        var retried = await browser.Http.PostAsync(new Uri($"/attention?handler=RetryWriteBack&id={id}&store={store}", UriKind.Relative), Form(token));
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal($"/attention?store={store}&did=retry&item={id}", retried.Headers.Location!.ToString());
        var done = await _admin.WaitForStatusAsync(id, VerificationStatus.Confirmed);
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.DoesNotContain("#SS-7001", await browser.PageAsync("/attention"), StringComparison.Ordinal);

        // Its state no longer allows it: refused with the action's reason, nothing changes.
        var again = await browser.Http.PostAsync(new Uri($"/attention?handler=RetryWriteBack&id={id}", UriKind.Relative), Form(token));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("whose write-back failed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string? token)
        => new(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    // The table row that carries the marker, up to its end.
    private static string Row(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row with {marker}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
