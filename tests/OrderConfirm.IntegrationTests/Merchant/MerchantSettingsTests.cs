using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Merchant;

/// The settings page over HTTP: every save goes through the stores API's rules (what it saves is what the API shows,
/// what it refuses is named next to its field), keys are write-only, the SMS preview counts like a send, the balances
/// warn when low, and an owner reaches no other store's settings by any handler.
[Collection(SharedInfrastructure.Name)]
public sealed partial class MerchantSettingsTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private readonly RoboSmsPkStub _sms = new();
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(MerchantClient.Settings) { ["Sms:RoboSmsPk:BaseUrl"] = _sms.BaseUrl });
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
        _sms.Dispose();
    }

    [Fact]
    public async Task An_owner_changes_the_calling_hours_and_the_api_shows_them()
    {
        var (store, owner) = await OwnerAsync();
        using var _ = owner;

        var response = await PostAsync(owner, store, "Calls", new() { ["settings.callingHours"] = "10:00-18:00", ["settings.callDelay"] = "00:05:00" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/settings?store={store}&saved=calls#calls", response.Headers.Location!.ToString());
        var api = await StoreAsync(store);
        Assert.Equal("10:00-18:00", (string?)api["settings"]!["callingHours"]);
        Assert.Equal("00:05:00", (string?)api["settings"]!["callDelay"]);
        var page = await owner.PageAsync($"/settings?store={store}&saved=calls");
        Assert.Contains("value=\"10:00-18:00\"", page, StringComparison.Ordinal);
        Assert.Contains("Saved.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_calling_hours_are_named_next_to_their_field_and_change_nothing()
    {
        var (store, owner) = await OwnerAsync();
        using var _ = owner;
        await PostAsync(owner, store, "Calls", new() { ["settings.callingHours"] = "10:00-18:00" });

        var response = await PostAsync(owner, store, "Calls", new() { ["settings.callingHours"] = "25:00-30:00", ["settings.callDelay"] = "00:09:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Calling hours must look like 09:00-21:00", FieldOf(html, "settings.callingHours"), StringComparison.Ordinal);
        Assert.Contains("value=\"25:00-30:00\"", FieldOf(html, "settings.callingHours"), StringComparison.Ordinal);
        Assert.DoesNotContain("field-error", FieldOf(html, "settings.callDelay"), StringComparison.Ordinal);
        var api = await StoreAsync(store);
        Assert.Equal("10:00-18:00", (string?)api["settings"]!["callingHours"]);
        Assert.Null(api["settings"]!["callDelay"]);
    }

    [Fact]
    public async Task A_key_field_left_empty_keeps_the_key_and_no_key_reaches_the_page_or_the_log()
    {
        var (store, owner) = await OwnerAsync(roboCall: new { apiKey = RoboCallStub.ApiKey });
        using var _ = owner;
        var smsKey = RoboSmsPkStub.NewKey();

        var set = await PostAsync(owner, store, "Sms", new() { ["sms.provider"] = "robosms-pk", ["sms.apiKey"] = smsKey, ["sms.from"] = "LAHORELAWN", ["sms.fallbackProvider"] = "none" });
        var kept = await PostAsync(owner, store, "Sms", new() { ["sms.provider"] = "robosms-pk", ["sms.apiKey"] = "", ["sms.from"] = "LAHORE", ["sms.fallbackProvider"] = "none" });
        var calls = await PostAsync(owner, store, "Calls", new() { ["roboCall.apiKey"] = "", ["settings.callingHours"] = "09:00-20:00" });

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, calls.StatusCode);
        var api = await StoreAsync(store);
        Assert.True((bool)api["sms"]!["apiKey"]!);
        Assert.Equal("LAHORE", (string?)api["sms"]!["from"]);
        Assert.Equal("store", (string?)api["roboCall"]!["keySource"]);
        var page = await owner.PageAsync($"/settings?store={store}");
        Assert.Contains("This store has its own Robo Call key.", page, StringComparison.Ordinal);
        Assert.Contains("A key is set.", page, StringComparison.Ordinal);
        Assert.DoesNotContain(smsKey, page, StringComparison.Ordinal);
        Assert.DoesNotContain(RoboCallStub.ApiKey, page, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Contains(smsKey, StringComparison.Ordinal) || l.Contains(RoboCallStub.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_preview_counts_a_short_english_text_as_one_gsm7_sms_and_urdu_as_ucs2_in_parts_of_67()
    {
        var (store, owner) = await OwnerAsync();
        using var _ = owner;
        var urdu = string.Concat(Enumerable.Repeat("آپ کا آرڈر ", 15))[..135];

        var english = await PreviewAsync(owner, store, "confirmed", "{store}: thank you, order {order} is confirmed.");
        var longUrdu = await PreviewAsync(owner, store, "confirmed", urdu);
        var shortUrdu = await PreviewAsync(owner, store, "confirmed", urdu[..70]);
        var unknown = await PreviewAsync(owner, store, "confirmed", "Hello {name}");
        var stray = await PreviewAsync(owner, store, "confirmed", "Hello {store");
        var tooLong = await PreviewAsync(owner, store, "confirmed", new string('a', 460));

        Assert.Contains("data-encoding=\"GSM-7\" data-segments=\"1\"", english, StringComparison.Ordinal);
        Assert.Contains("Lahore Lawn: thank you, order #1001 is confirmed.", english, StringComparison.Ordinal);
        Assert.Contains("data-encoding=\"UCS-2\" data-segments=\"3\"", longUrdu, StringComparison.Ordinal);
        Assert.Contains("data-encoding=\"UCS-2\" data-segments=\"1\"", shortUrdu, StringComparison.Ordinal);
        Assert.Contains("Unknown variable {name}", unknown, StringComparison.Ordinal);
        Assert.Contains("A { or } that is not part of a variable", stray, StringComparison.Ordinal);
        Assert.Contains("At most 459 characters", tooLong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_script_the_preview_button_shows_the_page_with_the_typed_text_counted_and_saves_nothing()
    {
        var (store, owner) = await OwnerAsync();
        using var _ = owner;

        var response = await PostAsync(owner, store, "Preview", new() { ["sms.provider"] = "none", ["settings.smsTemplates.cancelled"] = "{store}: order {order} is cancelled." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.Contains("Lahore Lawn: order #1001 is cancelled.", html, StringComparison.Ordinal);
        Assert.Contains("data-event=\"cancelled\" data-encoding=\"GSM-7\" data-segments=\"1\"", html, StringComparison.Ordinal);
        Assert.Null((await StoreAsync(store))["settings"]!["smsTemplates"]);
    }

    [Fact]
    public async Task A_refused_sms_text_is_named_under_it_and_nothing_of_the_section_is_saved()
    {
        var (store, owner) = await OwnerAsync();
        using var _ = owner;

        var response = await PostAsync(owner, store, "Sms", new()
        {
            ["sms.provider"] = "none", ["sms.fallbackProvider"] = "none", ["sms.from"] = "LAHORE",
            ["settings.smsTemplates.confirmed"] = "{store}: {link}", ["settings.smsTemplates.received"] = "{store}: thanks",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("{link} can only be used in the received and fallback texts", FieldOf(html, "settings.smsTemplates.confirmed"), StringComparison.Ordinal);
        Assert.DoesNotContain("field-error", FieldOf(html, "settings.smsTemplates.received"), StringComparison.Ordinal);
        var api = await StoreAsync(store);
        Assert.Null(api["settings"]!["smsTemplates"]);
        Assert.Null((string?)api["sms"]!["from"]);
    }

    [Fact]
    public async Task The_balances_warn_when_low_and_say_plainly_when_a_gateway_cannot_be_read()
    {
        var key = RoboSmsPkStub.NewKey();
        const string comToken = "robo-sms-com-token-settings-0123456789";
        LeakScan.Secret(comToken);
        _sms.AnswerBalance(key, (200, """{"status":"success","data":{"balance":"50","currency":"PKR"}}"""));
        var (store, owner) = await OwnerAsync();
        using var _ = owner;
        var patch = await _admin.PatchAsJsonAsync($"/api/stores/{store}", new { sms = new { provider = "robosms-pk", apiKey = key, fallbackProvider = "robo-sms", fallbackApiKey = comToken } });
        patch.EnsureSuccessStatusCode();

        var page = await owner.PageAsync($"/settings?store={store}");
        var fragment = await owner.PageAsync($"/settings?store={store}&handler=Balance&fragment=true");
        var whole = await owner.PageAsync($"/settings?store={store}&handler=Balance");

        Assert.DoesNotContain("data-balance=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Matches("data-balance=\"primary\" data-low=\"true\"[\\s\\S]*Low balance: below the warning level 100", fragment);
        Assert.Contains("50 PKR", fragment, StringComparison.Ordinal);
        Assert.Contains("data-balance=\"robocall\" data-low=\"false\"", fragment, StringComparison.Ordinal);
        Assert.Contains("2,682 PKR, about 487 calls left", fragment, StringComparison.Ordinal);
        Assert.Matches("data-balance=\"fallback\" data-low=\"false\"[\\s\\S]*Unreadable: this gateway has no balance to ask", fragment);
        Assert.Contains("data-balance=\"primary\" data-low=\"true\"", whole, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_gets_404_for_another_stores_settings_preview_balance_and_save()
    {
        var (_, owner) = await OwnerAsync();
        using var _ = owner;
        var other = await _admin.CreateCustomStoreAsync("Karachi Kurta", settings: new { callingHours = "11:00-19:00" });
        var token = await owner.TokenAsync("/settings");

        var page = await owner.Http.GetAsync(new Uri($"/settings?store={other}", UriKind.Relative));
        var balance = await owner.Http.GetAsync(new Uri($"/settings?store={other}&handler=Balance&fragment=true", UriKind.Relative));
        var preview = await owner.Http.PostAsync(new Uri($"/settings?store={other}&handler=Preview", UriKind.Relative), Form(token, new() { ["fragment"] = "1", ["event"] = "received", ["settings.smsTemplates.received"] = "Hi" }));
        var save = await owner.Http.PostAsync(new Uri($"/settings?store={other}&handler=Calls", UriKind.Relative), Form(token, new() { ["settings.callingHours"] = "00:00-24:00" }));
        var enable = await owner.Http.PostAsync(new Uri($"/settings?store={other}&handler=Enabled", UriKind.Relative), Form(token, new() { ["enabled"] = "false" }));

        Assert.All([page, balance, preview, save, enable], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.DoesNotContain("Karachi Kurta", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await StoreAsync(other);
        Assert.Equal("11:00-19:00", (string?)api["settings"]!["callingHours"]);
        Assert.True((bool)api["enabled"]!);
    }

    [Fact]
    public async Task Only_the_operator_turns_a_store_off_and_on()
    {
        var (store, owner) = await OwnerAsync();
        using var _ = owner;
        using var operatorClient = new MerchantClient(_app);
        await operatorClient.SignInAsOperatorAsync();
        var ownerToken = await owner.TokenAsync("/settings");

        var refused = await owner.Http.PostAsync(new Uri($"/settings?store={store}&handler=Enabled", UriKind.Relative), Form(ownerToken, new() { ["enabled"] = "false" }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True((bool)(await StoreAsync(store))["enabled"]!);
        Assert.DoesNotContain("Turn the store off", await owner.PageAsync("/settings"), StringComparison.Ordinal);

        var off = await PostAsync(operatorClient, store, "Enabled", new() { ["enabled"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False((bool)(await StoreAsync(store))["enabled"]!);
        Assert.Contains("This store is off", await owner.PageAsync("/settings"), StringComparison.Ordinal);
        await PostAsync(operatorClient, store, "Enabled", new() { ["enabled"] = "true" });
        Assert.True((bool)(await StoreAsync(store))["enabled"]!);
    }

    private async Task<(long Store, MerchantClient Owner)> OwnerAsync(object? roboCall = null)
    {
        var store = await _admin.CreateCustomStoreAsync("Lahore Lawn", roboCall);
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        var owner = new MerchantClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(email, password)).StatusCode);
        return (store, owner);
    }

    private static async Task<HttpResponseMessage> PostAsync(MerchantClient client, long store, string handler, Dictionary<string, string> fields)
    {
        var token = await client.TokenAsync($"/settings?store={store}");
        return await client.Http.PostAsync(new Uri($"/settings?store={store}&handler={handler}", UriKind.Relative), Form(token, fields));
    }

    private static async Task<string> PreviewAsync(MerchantClient client, long store, string smsEvent, string template)
    {
        var response = await PostAsync(client, store, "Preview", new() { ["fragment"] = "1", ["event"] = smsEvent, [$"settings.smsTemplates.{smsEvent}"] = template });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static FormUrlEncodedContent Form(string token, Dictionary<string, string> fields)
        => new(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });

    private async Task<JsonObject> StoreAsync(long id) => (await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{id}"))!;

    // The markup of one field: its label, input, hint and error.
    private static string FieldOf(string html, string field)
        => FieldMarkup().Matches(html).Select(m => m.Value).Single(m => m.Contains($"data-field=\"{field}\"", StringComparison.Ordinal));

    [GeneratedRegex("<label class=\"field[^\"]*\" data-field=\"[^\"]+\">[\\s\\S]*?</label>")]
    private static partial Regex FieldMarkup();
}
