using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Verification;

[Collection(SharedInfrastructure.Name)]
public sealed class VerificationsApiTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _client = null!;
    private long _storeId;

    public async Task InitializeAsync()
    {
        // Calls wait an hour, so nothing here dials: these tests are about the intake API.
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        _client = _app.AdminClient();
        _storeId = await _client.CreateCustomStoreAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Same_order_twice_is_one_verification()
    {
        var (_, typed) = RoboCallStub.NewPhone();
        var first = await _client.SubmitOrderAsync(_storeId, "dup-1", typed);

        var again = await _client.PostAsJsonAsync("/api/verifications", new { storeId = _storeId, orderId = "dup-1", amount = 1499.50m, phone = typed });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, (await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
        var page = await _client.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={_storeId}");
        Assert.Single(page!["items"]!.AsArray(), v => v!["orderId"]!.GetValue<string>() == "dup-1");
    }

    [Fact]
    public async Task Pending_verification_waits_for_its_call_time_and_can_be_stopped()
    {
        var (_, typed) = RoboCallStub.NewPhone();
        var id = await _client.SubmitOrderAsync(_storeId, "wait-1", typed);
        var pending = await _client.GetVerificationAsync(id);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.True(pending["nextStepAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(55));

        var stop = await _client.PostAsync($"/api/verifications/{id}/stop", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("skipped", (await _client.GetVerificationAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/verifications/{id}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/verifications/{id}/redial", null)).StatusCode);
    }

    [Fact]
    public async Task Invalid_order_is_a_problem_that_names_each_field()
    {
        var response = await _client.PostAsJsonAsync("/api/verifications", new { storeId = 0, amount = -5, currency = "rupees" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        foreach (var field in new[] { "storeId", "orderId", "amount", "currency", "phone" })
        {
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Unknown_store_and_disabled_store_are_refused()
    {
        var unknown = await _client.PostAsJsonAsync("/api/verifications", new { storeId = 999_999, orderId = "x", amount = 1, phone = "03001234567" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("storeId"));

        var disabledStore = await _client.CreateCustomStoreAsync("Closed Shop");
        await _client.PatchAsJsonAsync($"/api/stores/{disabledStore}", new { enabled = false });
        var disabled = await _client.PostAsJsonAsync("/api/verifications", new { storeId = disabledStore, orderId = "x", amount = 1, phone = "03001234567" });
        Assert.Equal(HttpStatusCode.Conflict, disabled.StatusCode);
    }

    [Fact]
    public async Task List_filters_by_status_and_rejects_unknown_ones()
    {
        var (_, typed) = RoboCallStub.NewPhone();
        await _client.SubmitOrderAsync(_storeId, "list-1", typed);
        await _client.SubmitOrderAsync(_storeId, "list-2", "not a phone");

        var invalid = await _client.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={_storeId}&status=invalid-phone");
        Assert.All(invalid!["items"]!.AsArray(), v => Assert.Equal("invalid-phone", v!["status"]!.GetValue<string>()));
        Assert.Contains(invalid["items"]!.AsArray(), v => v!["orderId"]!.GetValue<string>() == "list-2");

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/verifications?status=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/verifications/987654")).StatusCode);
    }
}
