using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Stores;

[Collection(SharedInfrastructure.Name)]
public sealed class StoresApiTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["PublicBaseUrl"] = "https://confirm.example.pk",
        });
        _client = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Store_lifecycle_create_read_update_delete()
    {
        var created = await _client.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "shopify",
            shopDomain = "Lahore-Lawn.myshopify.com",
            accessToken = "shpat_1",
            webhookSecret = "secret-1",
            roboCall = new { voiceId = "48" },
            settings = new { callingHours = "10:00-20:00", callDelay = "00:05:00" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var store = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = store["id"]!.GetValue<long>();
        Assert.Equal($"/api/stores/{id}", created.Headers.Location!.ToString());
        Assert.Equal("lahore-lawn.myshopify.com", store["shopDomain"]!.GetValue<string>());
        Assert.Equal("https://confirm.example.pk/webhooks/shopify", store["webhookUrl"]!.GetValue<string>());
        Assert.Equal("default", store["roboCall"]!["keySource"]!.GetValue<string>());
        Assert.Equal("10:00-20:00", store["settings"]!["callingHours"]!.GetValue<string>());

        var patched = await _client.PatchAsJsonAsync($"/api/stores/{id}", new { webhookSecret = "secret-2", enabled = false, settings = new { timeZone = "Asia/Karachi" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var updated = (await patched.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(updated["enabled"]!.GetValue<bool>());
        Assert.True(updated["credentials"]!["previousWebhookSecret"]!.GetValue<bool>()); // rotation keeps the old secret
        Assert.Equal("10:00-20:00", updated["settings"]!["callingHours"]!.GetValue<string>()); // untouched fields stay
        Assert.Equal("Asia/Karachi", updated["settings"]!["timeZone"]!.GetValue<string>());

        var list = await _client.GetFromJsonAsync<JsonObject>("/api/stores");
        Assert.Contains(list!["items"]!.AsArray(), s => s!["id"]!.GetValue<long>() == id);
        Assert.Null(list["nextBefore"]);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/stores/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/stores/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/stores/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_store_list_pages_newest_first_like_every_other_list()
    {
        var first = await _client.CreateCustomStoreAsync("First");
        var second = await _client.CreateCustomStoreAsync("Second");
        var third = await _client.CreateCustomStoreAsync("Third");

        var page = (await _client.GetFromJsonAsync<JsonObject>("/api/stores?limit=2"))!;
        var next = (await _client.GetFromJsonAsync<JsonObject>($"/api/stores?limit=2&before={page["nextBefore"]}"))!;

        Assert.Equal([third, second], page["items"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
        Assert.Equal(second, page["nextBefore"]!.GetValue<long>());
        Assert.Equal([first], next["items"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
        Assert.Null(next["nextBefore"]);
    }

    [Fact]
    public async Task Invalid_store_is_a_problem_that_names_each_field()
    {
        var response = await _client.PostAsJsonAsync("/api/stores", new
        {
            name = "",
            platform = "shopify",
            shopDomain = "https://x.myshopify.com/admin",
            settings = new { callingHours = "9 to 5", timeZone = "Mars/Olympus" },
            sms = new { provider = "carrier-pigeon" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        foreach (var field in new[] { "name", "shopDomain", "accessToken", "webhookSecret", "settings.callingHours", "settings.timeZone", "sms.provider" })
        {
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_that_names_the_field()
    {
        var response = await _client.PostAsync("/api/stores", new StringContent("""{"name": "A", "platform": "custom", "enabled": "perhaps"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("enabled", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var broken = await _client.PostAsync("/api/stores", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Robo_call_key_that_robo_call_rejects_is_a_field_error()
    {
        var bad = $"bad-{Guid.NewGuid():N}";
        var good = $"good-{Guid.NewGuid():N}";
        roboCall.VerifyKey(bad, accepted: false);
        roboCall.VerifyKey(good, accepted: true);

        var rejected = await _client.PostAsJsonAsync("/api/stores", new { name = "A", platform = "custom", roboCall = new { apiKey = bad } });
        var accepted = await _client.PostAsJsonAsync("/api/stores", new { name = "B", platform = "custom", roboCall = new { apiKey = good } });

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.True((await rejected.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("roboCall.apiKey"));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("store", (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["roboCall"]!["keySource"]!.GetValue<string>());
    }

    [Fact]
    public async Task Second_store_with_the_same_shop_domain_is_a_conflict()
    {
        var body = new { name = "A", platform = "shopify", shopDomain = "dup-shop.myshopify.com", accessToken = "t", webhookSecret = "w" };
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("/api/stores", body)).StatusCode);

        var second = await _client.PostAsJsonAsync("/api/stores", body with { name = "B" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Oversized_request_body_is_rejected()
    {
        await using var kestrel = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, kestrel: true);
        using var client = kestrel.AdminClient();

        var response = await client.PostAsync("/api/stores", new StringContent($$"""{"name": "{{new string('x', 100_000)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
