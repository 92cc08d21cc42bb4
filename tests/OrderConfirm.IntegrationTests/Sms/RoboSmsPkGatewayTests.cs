using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using OrderConfirm.Sms.RoboSmsPk;

namespace OrderConfirm.IntegrationTests.Sms;

/// The Robo SMS (PK) gateway in a real host against a stub: what goes on the wire, what each answer means, and that a
/// send goes out once whatever the network does (Robo SMS takes no idempotency key).
[Collection(SharedInfrastructure.Name)]
public sealed class RoboSmsPkGatewayTests(RoboCallStub roboCall, RoboSmsPkStub sms) : IClassFixture<RoboSmsPkStub>
{
    private const string Urdu = "آپ کا آرڈر تصدیق ہو گیا ہے";

    private readonly RoboSmsPkStub _sms = sms;

    [Fact]
    public async Task English_send_carries_every_documented_parameter_in_the_query()
    {
        await using var app = Start(_sms.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        var (phone, _) = RoboCallStub.NewPhone();
        _sms.AnswerSend(key, 200, """{"status":"success","message_id":"rsp-771","segments":"1","cost":"1.50"}""");

        var result = await Gateway(app).SendAsync(new SmsCredentials(key), Message(phone, "Your order #1001 is confirmed", "MYSHOP", SmsEncoding.Gsm7), CancellationToken.None);

        Assert.Equal(new SmsSendResult.Sent("rsp-771", 1, 1.50m, null, "success"), result);
        var request = Assert.Single(_sms.Requests(key));
        Assert.Equal("GET", request.Method);
        Assert.Equal(RoboSmsPkStub.SendPath, request.Path);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["api_key"] = key,
                ["to"] = phone,
                ["message"] = "Your order #1001 is confirmed",
                ["from"] = "MYSHOP",
                ["type"] = "transactional",
                ["unicode"] = "0",
            },
            request.Query);
    }

    [Fact]
    public async Task Urdu_send_is_unicode_and_leaves_out_a_missing_sender()
    {
        await using var app = Start(_sms.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        var (phone, _) = RoboCallStub.NewPhone();
        _sms.AnswerSend(key, 200, """{"status":200,"data":{"id":98765,"parts":2,"cost":3}}""");

        var result = await Gateway(app).SendAsync(new SmsCredentials(key), Message(phone, Urdu, null, SmsEncoding.Ucs2), CancellationToken.None);

        Assert.Equal(new SmsSendResult.Sent("98765", 2, 3m, null), result);
        var request = Assert.Single(_sms.Requests(key));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["api_key"] = key,
                ["to"] = phone,
                ["message"] = Urdu,
                ["type"] = "transactional",
                ["unicode"] = "1",
            },
            request.Query);
    }

    [Fact]
    public async Task Bulk_send_is_one_request_with_comma_separated_numbers()
    {
        await using var app = Start(_sms.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        var phones = new[] { RoboCallStub.NewPhone().Normalized, RoboCallStub.NewPhone().Normalized, RoboCallStub.NewPhone().Normalized };
        _sms.AnswerSend(key, 200, """{"status":"success","data":[{"message_id":"b-1"},{"message_id":"b-2"},{"message_id":"b-3"}]}""");

        var result = await Gateway(app).SendBulkAsync(new SmsCredentials(key), phones, "Sale ends today", "MYSHOP", SmsEncoding.Gsm7, CancellationToken.None);

        Assert.IsType<SmsSendResult.Sent>(result);
        var request = Assert.Single(_sms.Requests(key));
        Assert.Equal(RoboSmsPkStub.SendPath, request.Path);
        Assert.Equal(string.Join(',', phones), request.Query["to"]);
        Assert.Equal("0", request.Query["unicode"]);
        Assert.Equal("transactional", request.Query["type"]);
    }

    [Fact]
    public async Task Each_documented_status_has_its_outcome_and_is_sent_once()
    {
        await using var app = Start(_sms.BaseUrl);
        var cases = new (int Status, string Body, string? RetryAfter, SmsSendResult Expected)[]
        {
            (400, """{"status":400,"message":"Missing parameters"}""", null, new SmsSendResult.NotSent(SmsRefusal.BadRequest, "400")),
            (400, """{"status":"error","message":"Invalid mobile number"}""", null, new SmsSendResult.NotSent(SmsRefusal.InvalidNumber, "400")),
            (400, """{"status":"error","message":"Sender ID mask not approved"}""", null, new SmsSendResult.NotSent(SmsRefusal.InvalidSender, "400")),
            (401, """{"status":401,"message":"Invalid API key"}""", null, new SmsSendResult.NotSent(SmsRefusal.InvalidKey, "401")),
            (403, "", null, new SmsSendResult.NotSent(SmsRefusal.InvalidKey, "403")),
            (402, """{"status":402,"message":"Insufficient balance"}""", null, new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "402")),
            (429, """{"status":429,"message":"Rate limit exceeded"}""", "120", new SmsSendResult.NotSent(SmsRefusal.RateLimited, "429", TimeSpan.FromSeconds(120))),
            (200, """{"status":"402","message":"Insufficient balance"}""", null, new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, "402")),
            (500, """{"status":500,"message":"Server error"}""", null, new SmsSendResult.Unknown("HTTP 500")),
            (503, "<html>busy</html>", null, new SmsSendResult.Unknown("HTTP 503")),
            (200, "<html>ok</html>", null, new SmsSendResult.Unknown("HTTP 200 with a body that could not be read")),
        };

        foreach (var (status, body, retryAfter, expected) in cases)
        {
            var key = RoboSmsPkStub.NewKey();
            var (phone, _) = RoboCallStub.NewPhone();
            _sms.AnswerSend(key, status, body, retryAfter);

            var result = await Gateway(app).SendAsync(new SmsCredentials(key), Message(phone, "Order confirmed", "MYSHOP", SmsEncoding.Gsm7), CancellationToken.None);

            Assert.Equal((status, body, expected), (status, body, result));
            Assert.Single(_sms.Requests(key));
        }
    }

    [Fact]
    public async Task Send_that_times_out_is_unknown_and_sent_once()
    {
        await using var app = Start(_sms.BaseUrl, ("Sms:RoboSmsPk:SendTimeout", "00:00:01"));
        var key = RoboSmsPkStub.NewKey();
        var (phone, _) = RoboCallStub.NewPhone();
        _sms.AnswerSend(key, 200, """{"status":"success","message_id":"late"}""", delay: TimeSpan.FromSeconds(3));

        var result = await Gateway(app).SendAsync(new SmsCredentials(key), Message(phone, "Order confirmed", null, SmsEncoding.Gsm7), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        // Past the stub's delay: still exactly one request.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(_sms.Requests(key));
    }

    [Fact]
    public async Task Send_read_by_a_server_that_hangs_up_is_sent_once_and_unknown()
    {
        // The send goes out on a fresh connection; the server reads it and closes without a word.
        using var server = new HangUpServer(_ => null);
        await using var app = Start(server.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        var (phone, _) = RoboCallStub.NewPhone();

        var result = await Gateway(app).SendAsync(new SmsCredentials(key), Message(phone, "Order confirmed", null, SmsEncoding.Gsm7), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.IsType<SmsSendResult.Unknown>(result);
        Assert.Single(server.Requests);
        Assert.Equal("/api/sms/send", server.Requests[0].Path);
    }

    [Fact]
    public async Task Send_on_a_kept_alive_connection_that_the_server_closes_is_sent_once()
    {
        // The first send is answered on a connection the server keeps open; the second goes out on that same pooled
        // connection, and the server reads it and closes.
        var sends = 0;
        using var server = new HangUpServer(_ => Interlocked.Increment(ref sends) == 1 ? """{"status":"success","message_id":"k-1"}""" : null);
        await using var app = Start(server.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        var gateway = Gateway(app);

        var first = await gateway.SendAsync(new SmsCredentials(key), Message(RoboCallStub.NewPhone().Normalized, "Order confirmed", null, SmsEncoding.Gsm7), CancellationToken.None);
        var second = await gateway.SendAsync(new SmsCredentials(key), Message(RoboCallStub.NewPhone().Normalized, "Order confirmed", null, SmsEncoding.Gsm7), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal("k-1", Assert.IsType<SmsSendResult.Sent>(first).ProviderMessageId);
        Assert.IsType<SmsSendResult.Unknown>(second);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Connection, server.Requests[1].Connection);
    }

    [Fact]
    public async Task Refused_connection_is_certainly_not_sent()
    {
        await using var app = Start(HangUpServer.RefusingBaseUrl());
        var key = RoboSmsPkStub.NewKey();
        var (phone, _) = RoboCallStub.NewPhone();

        var result = await Gateway(app).SendAsync(new SmsCredentials(key), Message(phone, "Order confirmed", null, SmsEncoding.Gsm7), CancellationToken.None);

        Assert.Equal(SmsRefusal.NotSent, Assert.IsType<SmsSendResult.NotSent>(result).Refusal);
    }

    [Fact]
    public async Task Balance_is_read_and_retried_after_a_503()
    {
        await using var app = Start(_sms.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        _sms.AnswerBalance(key, (503, """{"status":503,"message":"busy"}"""), (200, """{"status":"success","data":{"balance":"1,250.50","currency":"PKR"}}"""));

        var result = await Gateway(app).CheckBalanceAsync(new SmsCredentials(key), CancellationToken.None);

        Assert.Equal(new SmsBalanceResult(true, 1250.50m, "PKR", "ok"), result);
        var requests = _sms.Requests(key);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("GET", RoboSmsPkStub.BalancePath), (r.Method, r.Path)));
        Assert.All(requests, r => Assert.Equal(["api_key"], r.Query.Keys));
    }

    [Fact]
    public async Task Balance_with_a_rejected_key_says_so()
    {
        await using var app = Start(_sms.BaseUrl);
        var key = RoboSmsPkStub.NewKey();
        _sms.AnswerBalance(key, (401, """{"status":401,"message":"Invalid API key"}"""));

        var result = await Gateway(app).CheckBalanceAsync(new SmsCredentials(key), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.InvalidKey);
        Assert.Single(_sms.Requests(key));
    }

    [Fact]
    public async Task Logs_at_trace_carry_neither_the_key_nor_the_phone()
    {
        var key = RoboSmsPkStub.NewKey();
        var (phone, _) = RoboCallStub.NewPhone();
        _sms.AnswerSend(key, 200, """{"status":"success","message_id":"log-1"}""");
        _sms.AnswerBalance(key, (500, "{}"), (200, """{"balance":10}"""));
        IReadOnlyCollection<string> lines;

        await using (var app = Start(_sms.BaseUrl))
        {
            var gateway = Gateway(app);
            await gateway.SendAsync(new SmsCredentials(key), Message(phone, "Order confirmed", "MYSHOP", SmsEncoding.Gsm7), CancellationToken.None);
            await gateway.CheckBalanceAsync(new SmsCredentials(key), CancellationToken.None);
            lines = app.Logs.Lines.ToList();
        }

        // The HttpClient logs did run (so the scan saw them), with the query string redacted.
        Assert.Contains(lines, l => l.Contains(RoboSmsPkStub.SendPath, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(RoboSmsPkStub.BalancePath, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("api_key=", StringComparison.Ordinal));
        Assert.Empty(LeakScan.Find(lines));
    }

    private OrderConfirmApp Start(string baseUrl, params (string Key, string Value)[] settings)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Sms:RoboSmsPk:BaseUrl"] = baseUrl,
            ["Sms:RoboSmsPk:SendTimeout"] = "00:00:05",
            ["Sms:RoboSmsPk:ReadTimeout"] = "00:00:02",
            ["Sms:RoboSmsPk:ReadRetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        return OrderConfirmApp.Start(postgres: null, roboCall, overrides);
    }

    private static RoboSmsPkGateway Gateway(OrderConfirmApp app)
        => Assert.IsType<RoboSmsPkGateway>(app.Services.GetRequiredService<SmsGateways>().For("robosms-pk"));

    private static SmsMessage Message(string to, string text, string? from, SmsEncoding encoding)
        => new(to, text, from, $"test-{Guid.NewGuid():N}", encoding);
}
