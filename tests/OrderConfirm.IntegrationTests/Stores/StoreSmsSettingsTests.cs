using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Stores;

/// A store's SMS settings through the stores API: gateway and fallback gateway with their own keys, language, events
/// and templates; every bad value is a 400 that names its field.
[Collection(SharedInfrastructure.Name)]
public sealed class StoreSmsSettingsTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private const string PrimaryKey = "rsp_primary_key_0123456789";
    private const string FallbackKey = "rb_test_fallback_key_0123456789";

    private OrderConfirmApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        LeakScan.Secret(PrimaryKey);
        LeakScan.Secret(FallbackKey);
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        _client = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Sms_settings_are_kept_merged_and_shown_without_keys()
    {
        var created = await _client.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robosms-pk", apiKey = PrimaryKey, from = "LAHORELAWN", fallbackProvider = "robase", fallbackApiKey = FallbackKey },
            settings = new
            {
                smsLanguage = "both",
                smsEvents = new { confirmed = false },
                smsTemplates = new { received = "{store}: order {order} ({currency} {amount}) received, {customer}. Expect our call." },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var store = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = store["id"]!.GetValue<long>();
        Assert.Equal(
            """{"provider":"robosms-pk","from":"LAHORELAWN","apiKey":true,"fallbackProvider":"robase","fallbackApiKey":true,"paused":[]}""",
            store["sms"]!.ToJsonString());
        Assert.DoesNotContain(PrimaryKey, store.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FallbackKey, store.ToJsonString(), StringComparison.Ordinal);

        // Templates are set event by event; "" returns an event to the built-in text. Other settings stay.
        var patched = await _client.PatchAsJsonAsync($"/api/stores/{id}", new
        {
            settings = new { smsTemplates = new { received = "", fallback = "{store}: we missed you about {order}. Call us to confirm." } },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var settings = (await patched.Content.ReadFromJsonAsync<JsonObject>())!["settings"]!;
        Assert.Equal("""{"fallback":"{store}: we missed you about {order}. Call us to confirm."}""", settings["smsTemplates"]!.ToJsonString());
        Assert.Equal("both", settings["smsLanguage"]!.GetValue<string>());
        Assert.False(settings["smsEvents"]!["confirmed"]!.GetValue<bool>());

        // "none" removes the fallback gateway; the primary and its key stay.
        var noFallback = (await (await _client.PatchAsJsonAsync($"/api/stores/{id}", new { sms = new { fallbackProvider = "none" } })).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Null(noFallback["sms"]!["fallbackProvider"]);
        Assert.Equal("robosms-pk", noFallback["sms"]!["provider"]!.GetValue<string>());
        Assert.True(noFallback["sms"]!["apiKey"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{ "smsTemplates": { "received": "Hi {name}, order {order}" } }""", "settings.smsTemplates.received", "Unknown variable {name}")]
    [InlineData("""{ "smsTemplates": { "fallback": "{store} {order" } }""", "settings.smsTemplates.fallback", "A { or } that is not part of a variable")]
    [InlineData("""{ "smsTemplates": { "shipped": "{order} is on its way" } }""", "settings.smsTemplates.shipped", "Unknown event")]
    [InlineData("""{ "smsEvents": { "shipped": true } }""", "settings.smsEvents.shipped", "Unknown event")]
    [InlineData("""{ "smsLanguage": "pa" }""", "settings.smsLanguage", "Use one of: en, ur, both")]
    public async Task Bad_sms_settings_are_a_problem_naming_the_field(string settingsJson, string field, string message)
    {
        var response = await CreateAsync(new JsonObject { ["settings"] = JsonNode.Parse(settingsJson) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.StartsWith(message, Assert.Single(errors[field]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_over_three_segments_is_refused()
    {
        var response = await CreateAsync(new JsonObject { ["settings"] = new JsonObject { ["smsTemplates"] = new JsonObject { ["confirmed"] = new string('x', 460) } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.StartsWith("At most 459 characters", errors["settings.smsTemplates.confirmed"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("robase", null, "sms.fallbackApiKey", "The robase gateway needs an API key of its own.")]
    [InlineData("robosms-pk", FallbackKey, "sms.fallbackProvider", "The fallback must be another gateway than sms.provider.")]
    [InlineData("twilio", FallbackKey, "sms.fallbackProvider", "The fallback SMS provider must be one of: robosms-pk, robo-sms, robase, none.")]
    public async Task A_fallback_gateway_must_be_another_one_with_its_own_key(string fallback, string? key, string field, string message)
    {
        var response = await CreateAsync(new JsonObject
        {
            ["sms"] = new JsonObject { ["provider"] = "robosms-pk", ["apiKey"] = PrimaryKey, ["fallbackProvider"] = fallback, ["fallbackApiKey"] = key },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(message, Assert.Single(errors[field]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task A_fallback_without_a_first_gateway_is_refused()
    {
        var response = await CreateAsync(new JsonObject { ["sms"] = new JsonObject { ["fallbackProvider"] = "robase", ["fallbackApiKey"] = FallbackKey } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal("A fallback gateway needs a first one: set sms.provider too.", errors["sms.fallbackProvider"]![0]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> CreateAsync(JsonObject extra)
    {
        var body = new JsonObject { ["name"] = "Karachi Kurta", ["platform"] = "custom" };
        foreach (var (key, value) in extra)
        {
            body[key] = value?.DeepClone();
        }

        return await _client.PostAsJsonAsync("/api/stores", body);
    }
}
