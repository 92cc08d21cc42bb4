using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Custom;

/// A custom store's own API key: it creates and reads its store's verifications and nothing else.
[Collection(SharedInfrastructure.Name)]
public sealed class StoreApiKeyTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_new_custom_store_shows_its_key_once_and_afterwards_only_its_prefix()
    {
        var (id, key, created) = await _admin.CreateWithKeyAsync();

        Assert.StartsWith("oc_store_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 50, "256 random bits in base64url after the prefix");
        var shown = (await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{id}"))!;
        Assert.Null(shown["issued"]);
        var prefix = shown["apiKey"]!["prefix"]!.GetValue<string>();
        Assert.StartsWith(prefix, key, StringComparison.Ordinal);
        Assert.True(prefix.Length < 20);
        Assert.Equal(prefix, created["apiKey"]!["prefix"]!.GetValue<string>());
        Assert.DoesNotContain(key, (await _admin.GetStringAsync("/api/stores")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_key_creates_and_reads_its_own_stores_verifications()
    {
        var (storeA, keyA, _) = await _admin.CreateWithKeyAsync("Store A");
        var storeB = await _admin.CreateCustomStoreAsync("Store B");
        var (_, phone) = RoboCallStub.NewPhone();
        var ofB = await _admin.SubmitOrderAsync(storeB, $"b-{Guid.NewGuid():N}", phone);
        using var shop = _app.StoreClient(keyA);

        var created = await shop.PostOrderAsync(null, "a-1", phone);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(storeA, body["storeId"]!.GetValue<long>());
        var ownId = body["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.Created, (await shop.PostOrderAsync(storeA, "a-2", phone)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync($"/api/verifications/{ownId}")).StatusCode);
        var list = (await shop.GetFromJsonAsync<JsonObject>("/api/verifications"))!["items"]!.AsArray();
        Assert.Equal(2, list.Count);
        Assert.All(list, v => Assert.Equal(storeA, v!["storeId"]!.GetValue<long>()));
        Assert.DoesNotContain(list, v => v!["id"]!.GetValue<long>() == ofB);
    }

    [Fact]
    public async Task A_store_key_cannot_read_change_or_create_anything_of_another_store()
    {
        var (_, keyA, _) = await _admin.CreateWithKeyAsync("Store A");
        var storeB = await _admin.CreateCustomStoreAsync("Store B");
        var (_, phone) = RoboCallStub.NewPhone();
        var ofB = await _admin.SubmitOrderAsync(storeB, $"b-{Guid.NewGuid():N}", phone);
        var before = await _admin.GetVerificationAsync(ofB);
        using var shop = _app.StoreClient(keyA);

        // Reading: as if B's verification and orders did not exist.
        var read = await shop.GetAsync($"/api/verifications/{ofB}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain(before["orderId"]!.GetValue<string>(), await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await shop.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeB}"))!["items"]!.AsArray());

        // Creating: B's id is answered as an unknown store, and nothing is created for B.
        var create = await shop.PostOrderAsync(storeB, "sneaked-in", phone);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("There is no store", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ofStoreB = (await _admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeB}"))!["items"]!.AsArray();
        Assert.Single(ofStoreB);

        // Changing: every action on B's verification or on store B is closed to a store key.
        foreach (var (method, path) in new[]
        {
            ("POST", $"/api/verifications/{ofB}/redial"), ("POST", $"/api/verifications/{ofB}/stop"),
            ("POST", $"/api/verifications/{ofB}/retry-write-back"), ("POST", $"/api/verifications/{ofB}/link"),
            ("GET", $"/api/stores/{storeB}"), ("PATCH", $"/api/stores/{storeB}"), ("DELETE", $"/api/stores/{storeB}"),
            ("POST", $"/api/stores/{storeB}/api-key"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { enabled = false }) };
            var response = await shop.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
        }

        var after = await _admin.GetVerificationAsync(ofB);
        Assert.DoesNotContain("operator", after["reason"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
        Assert.True((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeB}"))!["enabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("GET", "/api/stores")]
    [InlineData("POST", "/api/stores")]
    [InlineData("GET", "/api/stores/{own}")]
    [InlineData("PATCH", "/api/stores/{own}")]
    [InlineData("DELETE", "/api/stores/{own}")]
    [InlineData("POST", "/api/stores/{own}/api-key")]
    [InlineData("POST", "/api/stores/{own}/webhooks")]
    [InlineData("GET", "/api/stores/{own}/balance")]
    [InlineData("GET", "/api/webhook-deliveries")]
    public async Task A_store_key_cannot_use_the_admin_endpoints_even_for_its_own_store(string method, string path)
    {
        var (own, key, _) = await _admin.CreateWithKeyAsync();
        using var shop = _app.StoreClient(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{own}", own.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Content = JsonContent.Create(new { name = "Renamed", platform = "custom", enabled = false }),
        };

        var response = await shop.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var store = (await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{own}"))!;
        Assert.Equal("Lahore Lawn", store["name"]!.GetValue<string>());
        Assert.True(store["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_store_key_does_not_open_the_dashboard()
    {
        var (_, key, _) = await _admin.CreateWithKeyAsync();
        using var shop = _app.StoreClient(key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task A_rotated_key_is_refused_at_once_and_the_new_one_works()
    {
        var (id, oldKey, _) = await _admin.CreateWithKeyAsync();
        using var old = _app.StoreClient(oldKey);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/api/verifications")).StatusCode);

        var rotated = await _admin.PostAsync($"/api/stores/{id}/api-key", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newKey = (await rotated.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>();
        LeakScan.Secret(newKey);

        Assert.NotEqual(oldKey, newKey);
        var refused = await old.GetAsync("/api/verifications");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var fresh = _app.StoreClient(newKey);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/verifications")).StatusCode);
        Assert.StartsWith((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{id}"))!["apiKey"]!["prefix"]!.GetValue<string>(), newKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oc_store_")]
    [InlineData("oc_store_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_store_key_is_401(string key)
    {
        using var shop = _app.StoreClient(key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync("/api/verifications")).StatusCode);
    }

    [Fact]
    public async Task A_store_key_with_the_right_prefix_but_a_wrong_rest_is_401()
    {
        var (_, key, _) = await _admin.CreateWithKeyAsync();
        using var shop = _app.StoreClient(key[..^4] + (key[^4..] == "AAAA" ? "BBBB" : "AAAA"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync("/api/verifications")).StatusCode);
    }
}
