using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.RobaseHosts;

namespace OrderConfirm.IntegrationTests.Sms;

/// What a failed or unanswered Robase send means: a 5xx, a timeout or a dropped connection may hide a stored message,
/// so only an answer to a later attempt under the same key settles it; otherwise the outcome is unknown, and only a
/// connection never made is definitely not sent.
[Collection(SharedInfrastructure.Name)]
public sealed class RobaseGatewayFailureTests(RoboCallStub roboCall)
{
    [Fact]
    public async Task Server_error_then_success_is_one_sms_sent_twice_with_the_same_key()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 503, times: 1);
        var message = Message(phone, "Retry me");

        var result = await Gateway(app).SendAsync(Live, message, CancellationToken.None);

        Assert.IsType<SmsSendResult.Sent>(result);
        var sends = robase.Sends("+" + phone);
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.Equal(message.IdempotencyKey, s.IdempotencyKey));
        Assert.Equal(1, robase.Created("+" + phone));
    }

    // Robase queued the message and then failed, on every attempt: the last 5xx proves nothing, because no later
    // attempt under the same key was answered with the stored message.
    [Fact]
    public async Task Server_errors_on_every_attempt_are_an_unknown_outcome()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 500, times: 10, afterStoring: true);
        var message = Message(phone, "Stored, then an error");

        var result = await Gateway(app).SendAsync(Live, message, CancellationToken.None);

        Assert.Contains("HTTP 500", Assert.IsType<SmsSendResult.Unknown>(result).Detail, StringComparison.Ordinal);
        var sends = robase.Sends("+" + phone);
        Assert.Equal(MaxRetries + 1, sends.Count);
        Assert.All(sends, s => Assert.Equal(message.IdempotencyKey, s.IdempotencyKey));
        Assert.Equal(1, robase.Created("+" + phone));
    }

    [Fact]
    public async Task Without_retries_a_single_server_error_is_an_unknown_outcome()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase, new() { ["Sms:Robase:MaxRetries"] = "0" });
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 500, times: 1, afterStoring: true);

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Stored, then an error"), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        Assert.Single(robase.Sends("+" + phone));
        Assert.Equal(1, robase.Created("+" + phone));
    }

    // Only a later attempt under the same key can tell what the 5xx hid: here it is answered with the stored message.
    [Fact]
    public async Task A_server_error_after_storing_is_settled_by_the_retry_that_replays_the_message()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 503, times: 1, afterStoring: true);

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Stored, then an error"), CancellationToken.None);

        Assert.True(Assert.IsType<SmsSendResult.Sent>(result).Replayed);
        Assert.Equal(2, robase.Sends("+" + phone).Count);
        Assert.Equal(1, robase.Created("+" + phone));
    }

    [Fact]
    public async Task Timeouts_on_every_attempt_are_an_unknown_outcome()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase, new() { ["Sms:Robase:RequestTimeout"] = "00:00:00.300" });
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 200, times: 10, delay: TimeSpan.FromSeconds(1));
        var message = Message(phone, "Slow");

        var result = await Gateway(app).SendAsync(Live, message, CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        // The stub logs a request when its delayed answer is written, up to a second after our last attempt gave up.
        await Eventually.WaitAsync(() => robase.Sends("+" + phone).Count >= MaxRetries + 1);
        var sends = robase.Sends("+" + phone);
        Assert.Equal(MaxRetries + 1, sends.Count);
        Assert.All(sends, s => Assert.Equal(message.IdempotencyKey, s.IdempotencyKey));
    }

    [Fact]
    public async Task A_timeout_followed_by_server_errors_is_unknown_because_the_lost_attempt_may_have_sent()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase, new() { ["Sms:Robase:RequestTimeout"] = "00:00:00.300" });
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 200, times: 1, delay: TimeSpan.FromSeconds(1));
        robase.Fail("+" + phone, 503, times: 10);

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Maybe"), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
    }

    [Fact]
    public async Task Refused_connection_on_every_attempt_is_definitely_not_sent()
    {
        await using var app = OrderConfirmApp.Start(null, roboCall, new Dictionary<string, string?>
        {
            ["Sms:Robase:BaseUrl"] = HangUpServer.RefusingBaseUrl() + "v1",
            ["Sms:Robase:RetryDelay"] = "00:00:00.050",
        });
        var (phone, _) = RoboCallStub.NewPhone();

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Nobody listens"), CancellationToken.None);

        Assert.Equal(SmsRefusal.NotSent, Assert.IsType<SmsSendResult.NotSent>(result).Refusal);
    }

    [Fact]
    public async Task Server_that_reads_the_send_and_hangs_up_is_an_unknown_outcome()
    {
        // Robase may have created the message before the connection died; only the replay of the same key can tell.
        using var server = new HangUpServer(_ => null);
        await using var app = OrderConfirmApp.Start(null, roboCall, new Dictionary<string, string?>
        {
            ["Sms:Robase:BaseUrl"] = server.BaseUrl + "v1",
            ["Sms:Robase:RetryDelay"] = "00:00:00.050",
        });
        var (phone, _) = RoboCallStub.NewPhone();

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Hang up"), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        Assert.NotEmpty(server.Requests);
    }
}
