using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Verification;

/// End to end through the admin API, the real Hangfire server on PostgreSQL and the Robo Call stub.
[Collection(SharedInfrastructure.Name)]
public sealed class CallOutcomeFlowTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
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

    [Theory]
    [InlineData(1, "confirmed")]
    [InlineData(2, "cancelled")]
    [InlineData(3, "callback")]
    [InlineData(null, "no-input")]
    public async Task Answered_call_ends_in_the_outcome_of_the_key_pressed(int? dtmf, string expected)
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = $"c{phone}";
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", dtmf, "0"));

        var id = await _client.SubmitOrderAsync(_storeId, $"{expected}-{phone}", typed);
        var done = await _client.WaitForStatusAsync(id, expected);

        Assert.Equal(callId, done["callId"]!.GetValue<string>());
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(phone));
        var dial = Assert.Single(roboCall.Requests("/api/calls", "caller_id", phone));
        Assert.Equal(RoboCallStub.ApiKey, RoboCallStub.Query(dial, "api_key"));
        Assert.Equal("1500", RoboCallStub.Query(dial, "amount")); // 1499.50 rounded to whole rupees
        Assert.Equal("102", RoboCallStub.Query(dial, "voice_id"));
        Assert.Equal("Lahore Lawn", RoboCallStub.Query(dial, "text1"));
        Assert.Equal($"{expected}-{phone}", RoboCallStub.Query(dial, "text2")); // order name without '#'
        Assert.Contains("call-placed", done.TimelineKinds());
        Assert.Contains("outcome", done.TimelineKinds());
    }

    [Fact]
    public async Task Busy_line_is_unreachable_once_robo_calls_own_retries_are_used_up()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = $"c{phone}";
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (4, null, 0), (4, null, 1), (5, null, 2), (4, null, 3));

        var id = await _client.SubmitOrderAsync(_storeId, $"busy-{phone}", typed);
        var done = await _client.WaitForStatusAsync(id, "unreachable");

        Assert.Equal(4, done["roboCallStatus"]!.GetValue<int>());
        Assert.Equal(1, roboCall.DialCount(phone)); // Robo Call retries by itself; we never redial
        Assert.True(roboCall.Requests("/api/get_call", "call_id", callId).Count >= 4);
    }

    [Fact]
    public async Task Invalid_phone_is_recorded_and_never_dialled()
    {
        var id = await _client.SubmitOrderAsync(_storeId, "bad-phone-1", "12345");
        var verification = await _client.GetVerificationAsync(id);

        Assert.Equal("invalid-phone", verification["status"]!.GetValue<string>());
        Assert.Null(verification["phone"]?.GetValue<string>());
        await Task.Delay(1500);
        Assert.Equal("invalid-phone", (await _client.GetVerificationAsync(id))["status"]!.GetValue<string>());
        Assert.DoesNotContain(roboCall.Server.LogEntries, e => RoboCallStub.Query(e, "caller_id")?.Contains("12345", StringComparison.Ordinal) == true);
    }
}
