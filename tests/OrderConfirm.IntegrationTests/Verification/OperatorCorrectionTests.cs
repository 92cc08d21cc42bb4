using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Verification;

/// An operator corrects the phone of an order that never reached its customer and calls again; an order posted again
/// with other data is named, not swallowed; one order is found by its id.
[Collection(SharedInfrastructure.Name)]
public sealed class OperatorCorrectionTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _client = null!;
    private long _storeId;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        _client = _app.AdminClient();
        _storeId = await _client.CreateCustomStoreAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_corrected_phone_of_an_invalid_phone_order_is_called_after_a_redial()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", 1, "0"));
        var id = await _client.SubmitOrderAsync(_storeId, $"fix-{Guid.NewGuid():N}", "0300-12345");
        Assert.Equal("invalid-phone", (await _client.GetVerificationAsync(id))["status"]!.GetValue<string>());

        var patched = await _client.PatchAsJsonAsync($"/api/verifications/{id}", new { phone = typed });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var corrected = (await patched.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("********" + phone[^4..], corrected["phone"]!.GetValue<string>());
        var line = corrected["timeline"]!.AsArray().Last()!;
        Assert.Equal("Phone corrected by an operator", line["message"]!.GetValue<string>());
        Assert.DoesNotContain(phone[^4..], corrected["timeline"]!.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/verifications/{id}/redial", null)).StatusCode);
        var done = await _client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(callId, done["callId"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task A_phone_that_is_no_mobile_or_an_order_still_waiting_cannot_be_corrected()
    {
        var later = await _client.CreateCustomStoreAsync("Later", settings: new { callDelay = "01:00:00" });
        var waiting = await _client.SubmitOrderAsync(later, $"wait-{Guid.NewGuid():N}", "0300-1234567");
        var invalid = await _client.SubmitOrderAsync(_storeId, $"bad-{Guid.NewGuid():N}", "12345");

        var notMobile = await _client.PatchAsJsonAsync($"/api/verifications/{invalid}", new { phone = "042 35761234" });
        var notFailed = await _client.PatchAsJsonAsync($"/api/verifications/{waiting}", new { phone = "0300-7654321" });
        var unknown = await _client.PatchAsJsonAsync($"/api/verifications/{invalid}", new { phoneNumber = "0300-7654321" });

        Assert.Equal(HttpStatusCode.BadRequest, notMobile.StatusCode);
        Assert.NotNull((await notMobile.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["phone"]);
        Assert.Equal(HttpStatusCode.Conflict, notFailed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("unknown field; did you mean phone?", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["phoneNumber"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_order_again_is_the_same_verification_and_other_data_is_a_conflict_naming_the_fields()
    {
        var orderId = $"again-{Guid.NewGuid():N}";
        var order = new { storeId = _storeId, orderId, orderName = "#1001", amount = 4999.50m, currency = "PKR", phone = "0300-1234567", customerName = "Ayesha Khan" };
        var first = await _client.PostAsJsonAsync("/api/verifications", order);
        var same = await _client.PostAsJsonAsync("/api/verifications", order with { });
        var sameOtherSpelling = await _client.PostAsJsonAsync("/api/verifications", new { storeId = _storeId, orderId, amount = "4999.5", phone = "+92 300 1234567" });
        var changed = await _client.PostAsJsonAsync("/api/verifications", new { storeId = _storeId, orderId, orderName = "#1001", amount = 5999m, currency = "PKR", phone = "0300-7654321", customerName = "Ayesha Khan" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameOtherSpelling.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        var problem = (await changed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["amount", "phone"], problem["differentFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("another amount, phone", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("7654321", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_order_is_found_by_its_order_id()
    {
        var orderId = $"find-{Guid.NewGuid():N}";
        await _client.SubmitOrderAsync(_storeId, $"other-{Guid.NewGuid():N}", "0300-1234567");
        var id = await _client.SubmitOrderAsync(_storeId, orderId, "0300-1234567");

        var page = (await _client.GetFromJsonAsync<JsonObject>($"/api/verifications?orderId={orderId}"))!;

        var found = Assert.Single(page["items"]!.AsArray());
        Assert.Equal(id, found!["id"]!.GetValue<long>());
    }
}
