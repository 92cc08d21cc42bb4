using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// A customer is never called twice by accident: not after a timeout, not when the job runs twice, not with two servers.
[Collection(SharedInfrastructure.Name)]
public sealed partial class DialSafetyTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Dial_that_times_out_is_sent_once_and_needs_attention()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:DialTimeout"] = "00:00:01",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone), delay: TimeSpan.FromSeconds(3));

        var id = await client.SubmitOrderAsync(storeId, $"timeout-{Guid.NewGuid():N}", typed);
        var result = await client.WaitForStatusAsync(id, "needs-attention");

        Assert.Contains("Dial outcome unknown", result["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result["callId"]);
        // Wait past the stub's delay and several sweeper runs: still exactly one dial.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal("needs-attention", (await client.GetVerificationAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_error_on_the_dial_is_an_unknown_outcome_and_never_redialled()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.RejectCall(phone, 500, new { status = 500, message = "Internal Server Error" });

        var id = await client.SubmitOrderAsync(storeId, $"e500-{Guid.NewGuid():N}", typed);
        var result = await client.WaitForStatusAsync(id, "needs-attention");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Contains("Dial outcome unknown", result["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result["callId"]);
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Server_error_that_mentions_the_balance_is_still_an_unknown_outcome()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        // Robo Call puts its status inside a 200 body; that is the only place a message can be read from.
        roboCall.RejectCall(phone, 200, new { status = 500, message = "Could not update the balance" });

        var id = await client.SubmitOrderAsync(storeId, $"e500b-{Guid.NewGuid():N}", typed);
        var result = await client.WaitForStatusAsync(id, "needs-attention");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Contains("Dial outcome unknown", result["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("postponed", (await client.GetVerificationAsync(id)).TimelineKinds());
        Assert.Equal(1, roboCall.DialCount(phone));
        var store = await client.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}");
        Assert.Equal("ok", store!["roboCall"]!["account"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dial_read_by_a_server_that_hangs_up_is_sent_once_and_needs_attention()
    {
        // The dial goes out on a fresh connection; the server reads it and closes without a word.
        using var server = new HangUpServer(_ => null);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:BaseUrl"] = server.BaseUrl,
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();

        var id = await client.SubmitOrderAsync(storeId, $"hangup-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var result = await client.WaitForStatusAsync(id, "needs-attention");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Single(server.Requests, r => r.Path == "/api/calls");
        Assert.Contains("Dial outcome unknown", result["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result["callId"]);
        var after = await client.GetVerificationAsync(id);
        Assert.Equal("needs-attention", after["status"]!.GetValue<string>());
        Assert.DoesNotContain("postponed", after.TimelineKinds());
    }

    [Fact]
    public async Task Dial_on_a_kept_alive_connection_that_the_server_closes_is_sent_once()
    {
        // The first dial is answered on a connection the server keeps open; the second goes out on that same pooled
        // connection, and the server reads it and closes.
        const string Placed = """{"status":"200","message":"Call Data inserted successfully","data":{"call_id":"k-1"}}""";
        const string Ringing = """{"data":{"call_id":"k-1","call_status":1,"dtmf":null,"retry":0},"code":"200"}""";
        var dials = 0;
        using var server = new HangUpServer(target => !target.StartsWith("/api/calls?", StringComparison.Ordinal) ? Ringing
            : Interlocked.Increment(ref dials) == 1 ? Placed
            : null);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:BaseUrl"] = server.BaseUrl,
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();

        var first = await client.SubmitOrderAsync(storeId, $"alive-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        await EngineDriver.UntilAsync(async () => (await client.GetVerificationAsync(first))["callId"]?.GetValue<string>() == "k-1");
        var second = await client.SubmitOrderAsync(storeId, $"alive-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var result = await client.WaitForStatusAsync(second, "needs-attention");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var calls = server.Requests.Where(r => r.Path == "/api/calls").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(calls[0].Connection, calls[1].Connection);
        Assert.Contains("Dial outcome unknown", result["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("postponed", (await client.GetVerificationAsync(second)).TimelineKinds());
    }

    [Fact]
    public async Task Connection_that_never_opened_puts_the_call_back_to_pending_for_later()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["RoboCall:BaseUrl"] = HangUpServer.RefusingBaseUrl(),
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();

        var id = await client.SubmitOrderAsync(storeId, $"refused-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        await EngineDriver.UntilAsync(async () => (await client.GetVerificationAsync(id)).TimelineKinds().Contains("postponed"));

        var pending = await client.GetVerificationAsync(id);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Contains("nobody was called", pending["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(pending["nextStepAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
    }

    [Fact]
    public async Task Call_id_that_arrives_after_the_dial_was_marked_stuck_is_followed_to_its_outcome()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId, delay: TimeSpan.FromSeconds(2));
        roboCall.CallStatuses(callId, (2, 1, 0));
        long id;

        await using (var web = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Roles"] = "web" }))
        {
            using var client = web.AdminClient();
            id = await client.SubmitOrderAsync(await client.CreateCustomStoreAsync(), $"late-{Guid.NewGuid():N}", typed);

            // While Robo Call takes its time, the sweeper gives up on the dial.
            await MarkStuckWhileDialingAsync(web, client, id, web.RunPlaceCallAsync(id));

            var resumed = await client.GetVerificationAsync(id);
            Assert.Equal("calling", resumed["status"]!.GetValue<string>());
            Assert.Equal(callId, resumed["callId"]!.GetValue<string>());
            Assert.Contains(resumed["timeline"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("after the dial had been marked stuck", StringComparison.Ordinal));
        }

        await using var worker = OrderConfirmApp.Start(database, roboCall);
        using var workerClient = worker.AdminClient();
        await workerClient.WaitForStatusAsync(id, "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Call_id_that_arrives_after_an_operator_acted_goes_on_the_timeline()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId, delay: TimeSpan.FromSeconds(2));
        await using var web = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Roles"] = "web" });
        using var client = web.AdminClient();
        var id = await client.SubmitOrderAsync(await client.CreateCustomStoreAsync(), $"late-op-{Guid.NewGuid():N}", typed);

        await MarkStuckWhileDialingAsync(web, client, id, web.RunPlaceCallAsync(id), redialInAnHour: true);

        var row = await client.GetVerificationAsync(id);
        Assert.Equal("pending", row["status"]!.GetValue<string>());
        Assert.Null(row["callId"]);
        var note = Assert.Single(row["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "call-placed-late");
        Assert.Contains(callId, note!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    // Waits until the dial is in flight, marks it stuck as the sweeper does (and, if asked, lets an operator redial it
    // for later), then lets the dial finish.
    private static async Task MarkStuckWhileDialingAsync(OrderConfirmApp app, HttpClient client, long id, Task placeCall, bool redialInAnHour = false)
    {
        await EngineDriver.UntilAsync(async () => (await client.GetVerificationAsync(id)).TimelineKinds().Contains("dialing"));
        var verifications = app.Services.GetRequiredService<VerificationRepository>();
        Assert.True(await verifications.NeedsAttentionAsync(id, VerificationStep.Dialing, "Dial outcome unknown: the dial started but no call id was recorded.", CancellationToken.None));
        if (redialInAnHour)
        {
            Assert.True(await verifications.RedialAsync(id, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
        }

        Assert.False(placeCall.IsCompleted);
        await placeCall;
    }
}
