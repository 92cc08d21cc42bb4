using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using OrderConfirm.Sms.Robase;

namespace OrderConfirm.IntegrationTests.Sms;

/// The Robase gateway from a real host (SQLite, real HTTP client with its retries) against RobaseStub. Every host's
/// log is scanned for the keys and numbers on dispose (LeakScan).
[Collection(SharedInfrastructure.Name)]
public sealed class RobaseGatewayTests(RoboCallStub roboCall)
{
    private static readonly SmsCredentials Live = new(RobaseStub.LiveKey);

    [Fact]
    public async Task Send_posts_the_bearer_key_json_fields_e164_number_and_the_message_idempotency_key()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
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
        await using var app = Start(robase);
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
    public async Task Server_error_then_success_is_one_sms_sent_twice_with_the_same_key()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
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
        await using var app = Start(robase);
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
        await using var app = Start(robase, new() { ["Sms:Robase:MaxRetries"] = "0" });
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
        await using var app = Start(robase);
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
        await using var app = Start(robase, new() { ["Sms:Robase:RequestTimeout"] = "00:00:00.300" });
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
        await using var app = Start(robase, new() { ["Sms:Robase:RequestTimeout"] = "00:00:00.300" });
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 200, times: 1, delay: TimeSpan.FromSeconds(1));
        robase.Fail("+" + phone, 503, times: 10);

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Maybe"), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_retry_after_and_reported_when_it_persists()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
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
        await using var app = Start(robase);
        var gateway = Gateway(app);

        var (phone, _) = RoboCallStub.NewPhone();
        await AssertRefused(SmsRefusal.InvalidNumber, "phone_invalid", gateway.SendAsync(Live, Message("92300", "Hi"), CancellationToken.None));
        await AssertRefused(SmsRefusal.InvalidSender, "sender_id_invalid", gateway.SendAsync(Live, Message(phone, "Hi") with { From = "WAY-TOO-LONG-SENDER" }, CancellationToken.None));
        await AssertRefused(SmsRefusal.BadRequest, "validation_error", gateway.SendAsync(Live, Message(phone, ""), CancellationToken.None));
        await AssertRefused(SmsRefusal.OutOfBalance, "sms_quota_exceeded", gateway.SendAsync(new SmsCredentials(RobaseStub.QuotaKey), Message(phone, "Hi"), CancellationToken.None));
        await AssertRefused(SmsRefusal.InvalidKey, "authentication_error", gateway.SendAsync(new SmsCredentials("rb_live_revoked_123456"), Message(phone, "Hi"), CancellationToken.None));

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
    public async Task Scheduled_send_carries_send_at_and_can_be_cancelled_until_it_fires()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();
        var at = new DateTimeOffset(DateTime.UtcNow.AddDays(2).Date.AddHours(7), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(5));

        var first = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(phone, "Tomorrow") with { SendAt = at }, CancellationToken.None));
        var second = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(phone, "Later") with { SendAt = at }, CancellationToken.None));

        Assert.Equal("scheduled", first.Status);
        Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), robase.Sends("+" + phone)[0].Body!["send_at"]!.GetValue<string>());

        var cancelled = await gateway.CancelAsync(Live, first.ProviderMessageId!, CancellationToken.None);
        Assert.Equal(RobaseCancelOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal("cancelled", cancelled.Status);

        // send_at has passed for the second one: Robase answers 409 conflict, which for us means "already sent".
        robase.Fire(second.ProviderMessageId!);
        var late = await gateway.CancelAsync(Live, second.ProviderMessageId!, CancellationToken.None);
        Assert.Equal(RobaseCancelOutcome.AlreadySent, late.Outcome);

        Assert.Equal(RobaseCancelOutcome.NotFound, (await gateway.CancelAsync(Live, "no-such-id", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Send_at_more_than_30_days_ahead_is_refused_without_a_request()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
        var (phone, _) = RoboCallStub.NewPhone();

        var result = await Gateway(app).SendAsync(Live, Message(phone, "Too far") with { SendAt = DateTimeOffset.UtcNow.AddDays(31) }, CancellationToken.None);

        var notSent = Assert.IsType<SmsSendResult.NotSent>(result);
        Assert.Equal(SmsRefusal.BadRequest, notSent.Refusal);
        Assert.Empty(robase.Sends("+" + phone));
    }

    [Fact]
    public async Task Status_read_returns_the_status_and_provider_attempts()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();
        var sent = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(phone, "Status?"), CancellationToken.None));

        var status = await gateway.GetAsync(Live, sent.ProviderMessageId!, CancellationToken.None);

        Assert.True(status.Succeeded);
        Assert.Equal("queued", status.Status);
        Assert.Equal(2, status.ProviderAttempts.Count);
        Assert.Equal(("beem", false, "carrier_timeout"), (status.ProviderAttempts[0].Provider, status.ProviderAttempts[0].Ok, status.ProviderAttempts[0].ErrorCode));
        Assert.Equal(("termii", true, "tm-" + sent.ProviderMessageId), (status.ProviderAttempts[1].Provider, status.ProviderAttempts[1].Ok, status.ProviderAttempts[1].ProviderMessageId));
        var get = robase.Requests[^1];
        Assert.Equal(("GET", $"/v1/sms/{sent.ProviderMessageId}", $"Bearer {RobaseStub.LiveKey}"), (get.Method, get.Path, get.Authorization));

        var missing = await gateway.GetAsync(Live, "no-such-id", CancellationToken.None);
        Assert.False(missing.Succeeded);
        Assert.True((await gateway.GetAsync(new SmsCredentials("rb_live_revoked_123456"), sent.ProviderMessageId!, CancellationToken.None)).InvalidKey);
    }

    [Fact]
    public async Task Batch_reports_each_row_with_partial_failure_and_a_replayed_row()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
        var gateway = Gateway(app);
        var (p1, _) = RoboCallStub.NewPhone();
        var (p2, _) = RoboCallStub.NewPhone();
        var earlier = Message(p2, "Already sent alone");
        var single = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, earlier, CancellationToken.None));
        RobaseBatchRow[] rows =
        [
            new(p1, "Batch one", $"batch-{Guid.NewGuid():N}"),
            new("92300", "Bad number", $"batch-{Guid.NewGuid():N}"),
            new(p2, "Already sent alone", earlier.IdempotencyKey),
        ];

        var results = await gateway.SendBatchAsync(Live, "OrderConf", rows, CancellationToken.None);

        Assert.Equal(3, results.Count);
        var first = Assert.IsType<SmsSendResult.Sent>(results[0]);
        Assert.False(first.Replayed);
        var refused = Assert.IsType<SmsSendResult.NotSent>(results[1]);
        Assert.Equal((SmsRefusal.InvalidNumber, "phone_invalid"), (refused.Refusal, refused.Code));
        var replayed = Assert.IsType<SmsSendResult.Sent>(results[2]);
        Assert.True(replayed.Replayed);
        Assert.Equal(single.ProviderMessageId, replayed.ProviderMessageId);

        var batch = Assert.Single(robase.Requests, r => r.Path == "/v1/sms/batch");
        Assert.Equal($"Bearer {RobaseStub.LiveKey}", batch.Authorization);
        Assert.Equal("OrderConf", batch.Body!["from"]!.GetValue<string>());
        var messages = batch.Body["messages"]!.AsArray();
        Assert.Equal(["+" + p1, "+92300", "+" + p2], messages.Select(m => m!["to"]!.GetValue<string>()));
        Assert.Equal(rows.Select(r => r.IdempotencyKey), messages.Select(m => m!["idempotency_key"]!.GetValue<string>()));
        Assert.Equal(1, robase.Created("+" + p2));
    }

    [Fact]
    public async Task Batch_of_more_than_1000_rows_is_refused_without_a_request()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
        var (phone, _) = RoboCallStub.NewPhone();
        var rows = Enumerable.Range(0, 1001).Select(i => new RobaseBatchRow(phone, "Hi", $"big-{i}")).ToList();

        var results = await Gateway(app).SendBatchAsync(Live, "OrderConf", rows, CancellationToken.None);

        Assert.Equal(1001, results.Count);
        Assert.All(results, r => Assert.Equal(SmsRefusal.BadRequest, Assert.IsType<SmsSendResult.NotSent>(r).Refusal));
        Assert.DoesNotContain(robase.Requests, r => r.Path == "/v1/sms/batch");
    }

    [Fact]
    public async Task Test_key_sends_in_test_mode_and_templates_send_slug_and_variables()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();

        var test = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(new SmsCredentials(RobaseStub.TestKey), Message(phone, "Test"), CancellationToken.None));
        Assert.Equal("queued (test_mode)", test.Status);
        Assert.Equal($"Bearer {RobaseStub.TestKey}", robase.Sends("+" + phone)[0].Authorization);

        var template = new RobaseTemplate("order-confirmed", new Dictionary<string, object> { ["order"] = "1001", ["eta"] = 3 });
        Assert.IsType<SmsSendResult.Sent>(await gateway.SendTemplateAsync(Live, Message(phone, "ignored"), template, CancellationToken.None));
        var body = robase.Sends("+" + phone)[1].Body!;
        Assert.Equal("order-confirmed", body["template"]!.GetValue<string>());
        Assert.Equal("1001", body["variables"]!["order"]!.GetValue<string>());
        Assert.Equal(3, body["variables"]!["eta"]!.GetValue<int>());
        Assert.False(body.ContainsKey("body"));
    }

    [Fact]
    public async Task Balance_without_a_configured_endpoint_says_there_is_none_and_asks_nobody()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase);

        var balance = await Gateway(app).CheckBalanceAsync(Live, CancellationToken.None);

        Assert.False(balance.Succeeded);
        Assert.Contains("no documented balance endpoint", balance.Detail, StringComparison.Ordinal);
        Assert.Empty(robase.Requests);
    }

    [Fact]
    public async Task Balance_from_a_configured_path_is_read_in_minor_units()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase, new() { ["Sms:Robase:BalancePath"] = "account/balance" });

        var balance = await Gateway(app).CheckBalanceAsync(Live, CancellationToken.None);

        Assert.Equal((true, 123400m, "NGN minor units"), (balance.Succeeded, balance.Balance, balance.Unit));
        Assert.Equal(($"Bearer {RobaseStub.LiveKey}", "/v1/account/balance"), (Assert.Single(robase.Requests).Authorization, robase.Requests[0].Path));
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

    [Fact]
    public async Task Idempotency_header_name_is_configuration()
    {
        using var robase = new RobaseStub("X-Idempotency-Key");
        await using var app = Start(robase, new() { ["Sms:Robase:IdempotencyHeader"] = "X-Idempotency-Key" });
        var (phone, _) = RoboCallStub.NewPhone();
        var message = Message(phone, "Header");

        Assert.IsType<SmsSendResult.Sent>(await Gateway(app).SendAsync(Live, message, CancellationToken.None));

        Assert.Equal(message.IdempotencyKey, Assert.Single(robase.Sends("+" + phone)).IdempotencyKey);
    }

    [Fact]
    public async Task Keys_and_numbers_never_reach_the_log_on_success_or_failure()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase, new() { ["Sms:Robase:RequestTimeout"] = "00:00:00.300" });
        var gateway = Gateway(app);
        var (phone, _) = RoboCallStub.NewPhone();
        robase.Fail("+" + phone, 503, times: 1);
        robase.Fail("+" + phone, 200, times: 10, delay: TimeSpan.FromSeconds(1));

        await gateway.SendAsync(Live, Message(phone, "Timeout"), CancellationToken.None);
        await gateway.SendAsync(new SmsCredentials(RobaseStub.TestKey), Message("92300", "Bad"), CancellationToken.None);
        await gateway.SendAsync(new SmsCredentials("rb_live_revoked_123456"), Message(phone, "Key"), CancellationToken.None);

        Assert.Contains(app.Logs.Lines, l => l.Contains("Robase send", StringComparison.Ordinal));
        Assert.Empty(LeakScan.Find(app.Logs.Lines));
    }

    private const int MaxRetries = 3;

    static RobaseGatewayTests() => LeakScan.Secret("rb_live_revoked_123456");

    private OrderConfirmApp Start(RobaseStub robase, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Robase:BaseUrl"] = robase.BaseUrl,
            ["Sms:Robase:RetryDelay"] = "00:00:00.050",
            ["Sms:Robase:RequestTimeout"] = "00:00:02",
            ["Sms:Robase:MaxRetries"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sms:Robase:MaxRetryAfter"] = "00:00:02",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return OrderConfirmApp.Start(null, roboCall, settings);
    }

    private static RobaseGateway Gateway(OrderConfirmApp app)
        => Assert.IsType<RobaseGateway>(app.Services.GetRequiredService<SmsGateways>().For("robase"));

    // The key is derived from business data in the real sender; a fresh one per message here.
    private static SmsMessage Message(string to, string text)
        => new(to, text, "OrderConf", $"order-{Guid.NewGuid():N}-confirm-sms", SmsEncoding.Gsm7);

    private static async Task AssertRefused(SmsRefusal refusal, string code, Task<SmsSendResult> send)
    {
        var notSent = Assert.IsType<SmsSendResult.NotSent>(await send);
        Assert.Equal((refusal, code), (notSent.Refusal, notSent.Code));
    }
}
