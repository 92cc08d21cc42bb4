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
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", dtmf, "0"));

        var orderId = $"{expected}-{Guid.NewGuid():N}";
        var id = await _client.SubmitOrderAsync(_storeId, orderId, typed);
        var done = await _client.WaitForStatusAsync(id, expected);

        Assert.Equal(callId, done["callId"]!.GetValue<string>());
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(phone));
        var dial = Assert.Single(roboCall.Requests("/api/calls", "caller_id", phone));
        Assert.Equal(RoboCallStub.ApiKey, RoboCallStub.Query(dial, "api_key"));
        Assert.Equal("1500", RoboCallStub.Query(dial, "amount")); // 1499.50 rounded to whole rupees
        Assert.Equal("102", RoboCallStub.Query(dial, "voice_id"));
        Assert.Equal("Lahore Lawn", RoboCallStub.Query(dial, "text1"));
        Assert.Equal(orderId, RoboCallStub.Query(dial, "text2")); // order name without '#'
        Assert.Contains("call-placed", done.TimelineKinds());
        Assert.Contains("outcome", done.TimelineKinds());
    }

    [Fact]
    public async Task Busy_line_is_unreachable_once_robo_calls_own_retries_are_used_up()
    {
        // A base interval of a second, so the growth of the gaps stands out from the once-a-second PollCalls run.
        var pollInterval = TimeSpan.FromSeconds(1);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:PollInterval"] = "00:00:01",
            ["Verification:GiveUpAfter"] = "00:05:00",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (4, null, 0), (4, null, 0), (5, null, 1), (4, null, 1), (5, null, 2), (6, null, 2), (4, null, 2), (4, null, 3));

        var id = await client.SubmitOrderAsync(storeId, $"busy-{Guid.NewGuid():N}", typed);
        var done = await client.WaitForStatusAsync(id, "unreachable", TimeSpan.FromSeconds(120));

        Assert.Equal(4, done["roboCallStatus"]!.GetValue<int>());
        Assert.Equal(1, roboCall.DialCount(phone)); // Robo Call retries by itself; we never redial
        var reads = roboCall.Requests("/api/get_call", "call_id", callId).Select(e => e.RequestMessage!.DateTime).Order().ToList();
        Assert.Equal(8, reads.Count);

        // Each wait is 1.5 times the one before, up to 10 times the base; PollCalls runs once a second, so a read may
        // come up to about a second after it was due (and a little more on a loaded machine), never before.
        for (var i = 1; i < reads.Count; i++)
        {
            var expected = pollInterval * Math.Min(Math.Pow(1.5, i), 10);
            var gap = reads[i] - reads[i - 1];
            Assert.True(
                gap >= expected - TimeSpan.FromMilliseconds(250) && gap <= expected + TimeSpan.FromSeconds(1.6),
                $"Gap {i} between status reads was {gap.TotalSeconds:0.00} s; expected about {expected.TotalSeconds:0.00} s");
        }
    }

    [Fact]
    public async Task Invalid_phone_is_recorded_and_never_dialled()
    {
        var orderId = $"bad-phone-{Guid.NewGuid():N}";
        var id = await _client.SubmitOrderAsync(_storeId, orderId, "12345");
        var verification = await _client.GetVerificationAsync(id);

        Assert.Equal("invalid-phone", verification["status"]!.GetValue<string>());
        Assert.Null(verification["phone"]?.GetValue<string>());
        await Task.Delay(1500);
        Assert.Equal("invalid-phone", (await _client.GetVerificationAsync(id))["status"]!.GetValue<string>());
        // By the order (text2 is its name without '#'): the shared stub also logs other tests' dials, and a valid
        // number such as 923001234567 contains "12345".
        Assert.DoesNotContain(roboCall.Server.LogEntries, e => RoboCallStub.Query(e, "text2") == orderId);
    }
}
