using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Hosting;

/// Request bodies of the admin API are strict and kind: an unknown field or a value of the wrong kind is a 400 naming
/// it by its JSON path, a body that cannot be read says why in words, and what can only mean one thing is accepted.
[Collection(SharedInfrastructure.Name)]
public sealed class RequestBodyTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        _client = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_misspelt_nested_field_is_named_with_its_path_and_the_field_meant()
    {
        var problem = await BadRequestAsync(await PostJsonAsync("/api/stores", """{ "name": "Lahore Lawn", "platform": "custom", "roboCall": { "api_key": "K" } }"""));

        Assert.Equal(["unknown field; did you mean apiKey?"], Messages(problem, "roboCall.api_key"));
        Assert.Empty(await StoresAsync());
    }

    [Fact]
    public async Task A_misspelt_field_of_a_patch_changes_nothing()
    {
        var id = await _client.CreateCustomStoreAsync();

        var problem = await BadRequestAsync(await _client.PatchAsJsonAsync($"/api/stores/{id}", new { enable = false }));

        Assert.Equal(["unknown field; did you mean enabled?"], Messages(problem, "enable"));
        Assert.True((await _client.GetFromJsonAsync<JsonObject>($"/api/stores/{id}"))!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_unknown_store_setting_is_named_under_settings()
    {
        var problem = await BadRequestAsync(await PostJsonAsync("/api/stores", """
            { "name": "Lahore Lawn", "platform": "custom", "settings": { "callingHour": "10:00-20:00", "colour": "blue" } }
            """));

        Assert.Equal(["unknown field; did you mean callingHours?"], Messages(problem, "settings.callingHour"));
        Assert.StartsWith("unknown field; the fields here are: ", Messages(problem, "settings.colour")[0], StringComparison.Ordinal);
        Assert.Contains("smsLanguage", Messages(problem, "settings.colour")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_unknown_field_of_an_order_is_named_at_once()
    {
        var store = await _client.CreateCustomStoreAsync();

        var problem = await BadRequestAsync(await PostJsonAsync("/api/verifications", $$"""
            { "storeId": {{store}}, "orderId": "1", "amount": 10, "phone": "03001234567", "custmerName": "Ayesha", "note": "x" }
            """));

        Assert.Equal(["unknown field; did you mean customerName?"], Messages(problem, "custmerName"));
        Assert.Contains("customerName", Messages(problem, "note")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_says_what_was_expected_with_an_example()
    {
        var store = await _client.CreateCustomStoreAsync();

        var order = await BadRequestAsync(await PostJsonAsync("/api/verifications", $$"""
            { "storeId": {{store}}, "orderId": "1", "amount": "4,999", "phone": "03001234567" }
            """));
        var patch = await BadRequestAsync(await PatchJsonAsync($"/api/stores/{store}", """{ "enabled": "no", "settings": { "callDelay": 5 } }"""));

        Assert.StartsWith("expected a number such as 4999.50", Messages(order, "amount")[0], StringComparison.Ordinal);
        Assert.Equal(["expected true or false, without quotes"], Messages(patch, "enabled"));
        Assert.Equal(["expected a duration such as \"00:05:00\" (hh:mm:ss)"], Messages(patch, "settings.callDelay"));
    }

    [Fact]
    public async Task An_order_id_and_a_voice_id_sent_as_numbers_are_taken_as_their_digits()
    {
        var created = await PostJsonAsync("/api/stores", """{ "name": "Lahore Lawn", "platform": "custom", "roboCall": { "voiceId": 102 } }""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var store = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("102", store["roboCall"]!["voiceId"]!.GetValue<string>());

        var order = await PostJsonAsync("/api/verifications", $$"""
            { "storeId": {{store["id"]}}, "orderId": 5551001, "amount": 4999.50, "phone": "03001234567" }
            """);

        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal("5551001", (await order.Content.ReadFromJsonAsync<JsonObject>())!["orderId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("۰۳۰۰۱۲۳۴۵۶۷")]
    [InlineData("٠٣٠٠١٢٣٤٥٦٧")]
    [InlineData("０３００１２３４５６７")]
    [InlineData("+92-0300-1234567")]
    public async Task A_phone_in_other_digits_or_with_the_trunk_zero_is_called(string phone)
    {
        var store = await _client.CreateCustomStoreAsync();

        var id = await _client.SubmitOrderAsync(store, "7001", phone);

        var verification = await _client.GetVerificationAsync(id);
        Assert.NotEqual("invalid-phone", verification["status"]!.GetValue<string>());
        Assert.Equal("********4567", verification["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_empty_body_says_a_json_object_is_needed()
    {
        var response = await _client.PostAsync("/api/stores", new StringContent("", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("The request body is empty", problem["title"]!.GetValue<string>());
        Assert.DoesNotContain("Implicit body", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_content_type_says_which_header_to_send()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{ "name": "Lahore Lawn", "platform": "custom" }"""));

        var response = await _client.PostAsync("/api/stores", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("Content-Type: application/json", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_answered_with_its_line_and_position()
    {
        var response = await PostJsonAsync("/api/stores", "{\n  \"name\": \"Lahore Lawn\",\n  \"platform\": custom\n}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("The request body is not valid JSON", problem["title"]!.GetValue<string>());
        Assert.Contains("at line 3, position 15", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, problem["line"]!.GetValue<long>());
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json)
        => _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PatchJsonAsync(string path, string json)
        => _client.PatchAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonArray> StoresAsync()
        => (await _client.GetFromJsonAsync<JsonObject>("/api/stores"))!["items"]!.AsArray();

    private static async Task<JsonObject> BadRequestAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string[] Messages(JsonObject problem, string field)
        => problem["errors"]?[field]?.AsArray().Select(m => m!.GetValue<string>()).ToArray()
            ?? throw new Xunit.Sdk.XunitException($"No error for '{field}' in {problem.ToJsonString()}");
}
