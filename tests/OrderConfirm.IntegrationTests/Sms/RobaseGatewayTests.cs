using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using static OrderConfirm.IntegrationTests.Infrastructure.RobaseHosts;

namespace OrderConfirm.IntegrationTests.Sms;

/// The Robase gateway's one send (and its balance read) from a real host against RobaseStub: the idempotency key on
/// every attempt, what each failure means, and nothing secret in the log. Every host's log is scanned for the keys and
/// numbers on dispose (LeakScan). The operations the service does not use yet are in RobaseMessagesTests.
[Collection(SharedInfrastructure.Name)]
public sealed class RobaseGatewayTests(RoboCallStub roboCall)
{
    [Fact]
    public async Task Send_posts_the_bearer_key_json_fields_e164_number_and_the_message_idempotency_key()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();
        var message = Message(phone, "Your order #1001 is on its way");

        var result = await gateway.SendAsync(Live, message, CancellationToken.None);

        var sent = Assert.IsType<SmsSendResult.Sent>(result);
        Assert.False(string.IsNullOrEmpty(sent.ProviderMessageId));
        Assert.Equal(1, sent.Segments);
        Assert.Equal(400m, sent.Cost);
        Assert.Equal("NGN minor units", sent.CostUnit);
        Assert.Equal("queued", sent.Status);
        Assert.False(sent.Replayed);

        var request = Assert.Single(robase.Sends("+" + phone));
        Assert.Equal("POST", request.Method);
        Assert.Equal($"Bearer {RobaseStub.LiveKey}", request.Authorization);
        Assert.Equal(message.IdempotencyKey, request.IdempotencyKey);
        var body = request.Body!;
        Assert.Equal("+" + phone, body["to"]!.GetValue<string>());
        Assert.Equal("OrderConf", body["from"]!.GetValue<string>());
        Assert.Equal("Your order #1001 is on its way", body["body"]!.GetValue<string>());
        Assert.Equal("PK", body["country"]!.GetValue<string>());
        Assert.False(body.ContainsKey("send_at"));
        Assert.False(body.ContainsKey("template"));
    }

    [Fact]
    public async Task Each_message_has_its_own_key_and_the_same_message_again_is_a_replay_not_a_second_sms()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();
        var first = Message(phone, "Order 1 confirmed");
        var second = Message(phone, "Order 2 confirmed");

        var a = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, first, CancellationToken.None));
        var b = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, second, CancellationToken.None));
        var again = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, first, CancellationToken.None));

        var keys = robase.Sends("+" + phone).Select(r => r.IdempotencyKey).ToList();
        Assert.Equal([first.IdempotencyKey, second.IdempotencyKey, first.IdempotencyKey], keys);
        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);
        Assert.NotEqual(a.ProviderMessageId, b.ProviderMessageId);
        Assert.Equal(a.ProviderMessageId, again.ProviderMessageId);
        Assert.True(again.Replayed);
        Assert.Equal(2, robase.Created("+" + phone));
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_retry_after_and_reported_when_it_persists()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var (once, _) = RoboCallStub.NewPhone();
        var (always, _) = RoboCallStub.NewPhone();
        const string limited = """{"error":{"type":"rate_limit_exceeded","message":"Slow down","field":null}}""";
        robase.Fail("+" + once, 429, times: 1, retryAfter: "1", body: limited);
        robase.Fail("+" + always, 429, times: 10, retryAfter: "1", body: limited);

        var started = DateTimeOffset.UtcNow;
        Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(once, "Hi"), CancellationToken.None));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not waited out");
        Assert.Equal(2, robase.Sends("+" + once).Count);

        var result = Assert.IsType<SmsSendResult.NotSent>(await gateway.SendAsync(Live, Message(always, "Hi"), CancellationToken.None));
        Assert.Equal(SmsRefusal.RateLimited, result.Refusal);
        Assert.Equal("rate_limit_exceeded", result.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), result.RetryAfter);
        Assert.Equal(MaxRetries + 1, robase.Sends("+" + always).Count);
    }

    [Fact]
    public async Task Each_documented_error_maps_to_its_refusal_without_a_retry()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);

        var (phone, _) = RoboCallStub.NewPhone();
        await AssertRefused(SmsRefusal.InvalidNumber, "phone_invalid", gateway.SendAsync(Live, Message("92300", "Hi"), CancellationToken.None));
        await AssertRefused(SmsRefusal.InvalidSender, "sender_id_invalid", gateway.SendAsync(Live, Message(phone, "Hi") with { From = "WAY-TOO-LONG-SENDER" }, CancellationToken.None));
        await AssertRefused(SmsRefusal.BadRequest, "validation_error", gateway.SendAsync(Live, Message(phone, ""), CancellationToken.None));
        await AssertRefused(SmsRefusal.OutOfBalance, "sms_quota_exceeded", gateway.SendAsync(new SmsCredentials(RobaseStub.QuotaKey), Message(phone, "Hi"), CancellationToken.None));
        await AssertRefused(SmsRefusal.InvalidKey, "authentication_error", gateway.SendAsync(new SmsCredentials(RevokedKey), Message(phone, "Hi"), CancellationToken.None));

        // The flat shapes some Robase errors use, and statuses without a known type.
        var (flat, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + flat, 402, times: 1, body: """{"code":"sms_quota_exceeded"}""");
        await AssertRefused(SmsRefusal.OutOfBalance, "sms_quota_exceeded", gateway.SendAsync(Live, Message(flat, "Hi"), CancellationToken.None));
        robase.Fail("+" + flat, 403, times: 1, body: """{"type":"permission_denied","message":"phone_invalid"}""");
        await AssertRefused(SmsRefusal.InvalidKey, "permission_denied", gateway.SendAsync(Live, Message(flat, "Hi"), CancellationToken.None));

        // No refusal was retried: one request each (the invalid number never reached a per-number queue).
        Assert.Equal(4, robase.Sends("+" + phone).Count);
        Assert.Equal(2, robase.Sends("+" + flat).Count);
        Assert.Equal(0, robase.Created("+" + phone));
    }

    [Fact]
    public async Task Send_at_more_than_30_days_ahead_is_refused_without_a_request()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var (phone, _) = RoboCallStub.NewPhone();

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Too far") with { SendAt = DateTimeOffset.UtcNow.AddDays(31) }, CancellationToken.None);

        var notSent = Assert.IsType<SmsSendResult.NotSent>(result);
        Assert.Equal(SmsRefusal.BadRequest, notSent.Refusal);
        Assert.Empty(robase.Sends("+" + phone));
    }

    [Fact]
    public async Task Balance_without_a_configured_endpoint_says_there_is_none_and_asks_nobody()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);

        var balance = await Gateway(app).CheckBalanceAsync(Live, CancellationToken.None);

        Assert.False(balance.Succeeded);
        Assert.Contains("no documented balance endpoint", balance.Detail, StringComparison.Ordinal);
        Assert.Empty(robase.Requests);
    }

    [Fact]
    public async Task Balance_from_a_configured_path_is_read_in_minor_units()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase, new() { ["Sms:Robase:BalancePath"] = "account/balance" });

        var balance = await Gateway(app).CheckBalanceAsync(Live, CancellationToken.None);

        Assert.Equal((true, 123400m, "NGN minor units"), (balance.Succeeded, balance.Balance, balance.Unit));
        Assert.Equal(($"Bearer {RobaseStub.LiveKey}", "/v1/account/balance"), (Assert.Single(robase.Requests).Authorization, robase.Requests[0].Path));
    }

    [Fact]
    public async Task Idempotency_header_name_is_configuration()
    {
        using var robase = new RobaseStub("X-Idempotency-Key");
        await using var app = Start(roboCall, robase, new() { ["Sms:Robase:IdempotencyHeader"] = "X-Idempotency-Key" });
        var (phone, _) = RoboCallStub.NewPhone();
        var message = Message(phone, "Header");

        Assert.IsType<SmsSendResult.Sent>(await Gateway(app).SendAsync(Live, message, CancellationToken.None));

        Assert.Equal(message.IdempotencyKey, Assert.Single(robase.Sends("+" + phone)).IdempotencyKey);
    }

    [Fact]
    public async Task Keys_and_numbers_never_reach_the_log_on_success_or_failure()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase, new() { ["Sms:Robase:RequestTimeout"] = "00:00:00.300" });
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 503, times: 1);
        robase.Fail("+" + phone, 200, times: 10, delay: TimeSpan.FromSeconds(1));

        await gateway.SendAsync(Live, Message(phone, "Timeout"), CancellationToken.None);
        await gateway.SendAsync(new SmsCredentials(RobaseStub.TestKey), Message("92300", "Bad"), CancellationToken.None);
        await gateway.SendAsync(new SmsCredentials(RevokedKey), Message(phone, "Key"), CancellationToken.None);

        Assert.Contains(app.Logs.Lines, l => l.Contains("Robase send", StringComparison.Ordinal));
        Assert.Empty(LeakScan.Find(app.Logs.Lines));
    }

    private static async Task AssertRefused(SmsRefusal refusal, string code, Task<SmsSendResult> send)
    {
        var notSent = Assert.IsType<SmsSendResult.NotSent>(await send);
        Assert.Equal((refusal, code), (notSent.Refusal, notSent.Code));
    }
}
