using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using OrderConfirm.Sms.RoboSmsCom;

namespace OrderConfirm.IntegrationTests.Sms;

/// The robo-sms.com gateway resolved from a real host (SQLite) and pointed at a stub: what goes on the wire, how every
/// documented answer is sorted, and that a send is never repeated and never leaks the token or the number.
[Collection(SharedInfrastructure.Name)]
public sealed class RoboSmsComGatewayTests(RoboCallStub roboCall, RoboSmsComStub stub) : IClassFixture<RoboSmsComStub>
{
    private static readonly SmsCredentials Credentials = new(RoboSmsComStub.Token);

    [Fact]
    public async Task Send_posts_the_documented_request_once()
    {
        await using var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();

        var result = await Gateway(app).SendAsync(Credentials, Message(phone, "Your order #1001 is confirmed"), CancellationToken.None);

        var sent = Assert.IsType<SmsSendResult.Sent>(result);
        Assert.Equal("rsc-msg-1", sent.ProviderMessageId);
        Assert.Equal(1m, sent.Cost);
        Assert.Equal("credits", sent.CostUnit);
        var request = Assert.Single(stub.Sends(phone)).RequestMessage!;
        Assert.Equal("POST", request.Method);
        Assert.Equal(RoboSmsComStub.SendPath, request.Path);
        Assert.Equal("Basic " + RoboSmsComStub.Token, RoboSmsComStub.Header(Assert.Single(stub.Sends(phone)), "Authorization"));
        Assert.Equal("application/json", RoboSmsComStub.Header(Assert.Single(stub.Sends(phone)), "Content-Type"));
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal(
            ["content", "to", "country_code"],
            body.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("Your order #1001 is confirmed", body.RootElement.GetProperty("content").GetString());
        Assert.Equal("+" + phone, body.RootElement.GetProperty("to").GetString());
        Assert.Equal("PK", body.RootElement.GetProperty("country_code").GetString());
    }

    [Fact]
    public async Task Send_names_the_device_when_one_is_configured()
    {
        await using var app = Start(stub.BaseUrl, new() { ["Sms:RoboSmsCom:DeviceId"] = "device-7" });
        var phone = RoboSmsComStub.NewPhone();

        Assert.IsType<SmsSendResult.Sent>(await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None));

        using var body = JsonDocument.Parse(Assert.Single(stub.Sends(phone)).RequestMessage!.Body!);
        Assert.Equal("device-7", body.RootElement.GetProperty("device_id").GetString());
    }

    // The document's error cases in the shape we assume ({ "error", "code" } with the obvious status), and lenient
    // variants: no code, validation errors by field, an error inside a 200, the status inside a 200 body.
    [Theory]
    [InlineData("missing to/content", 400, """{"error":"\"to\" and/or \"content\" fields are missing","code":"missing_fields"}""", SmsRefusal.BadRequest)]
    [InlineData("empty json body", 400, """{"error":"JSON body is empty","code":"empty_body"}""", SmsRefusal.BadRequest)]
    [InlineData("wrong content type", 415, """{"error":"Content type must be application/json","code":"invalid_content_type"}""", SmsRefusal.BadRequest)]
    [InlineData("wrong content type as 400", 400, """{"error":"Wrong content type","code":"invalid_content_type"}""", SmsRefusal.BadRequest)]
    [InlineData("incorrect token", 401, """{"error":"Incorrect token","code":"invalid_token"}""", SmsRefusal.InvalidKey)]
    [InlineData("incorrect token as 400", 400, """{"error":"Incorrect token"}""", SmsRefusal.InvalidKey)]
    [InlineData("not enough credits", 402, """{"error":"Not enough credits","code":"insufficient_credits"}""", SmsRefusal.OutOfBalance)]
    [InlineData("not enough credits, message only", 400, """{"message":"Your contacts number is bigger than your credits number"}""", SmsRefusal.OutOfBalance)]
    [InlineData("invalid phone number", 422, """{"error":"Invalid phone number {to}","code":"invalid_phone_number"}""", SmsRefusal.InvalidNumber)]
    [InlineData("invalid phone number by field", 400, """{"errors":{"to":["The phone number {to} is not valid for country_code PK"]}}""", SmsRefusal.InvalidNumber)]
    [InlineData("no device", 422, """{"error":"No device can send this SMS","code":"no_device"}""", SmsRefusal.NoDevice)]
    [InlineData("sms count over what devices can send", 400, """{"error":"Your sms number is bigger than the remaining sms of your devices"}""", SmsRefusal.NoDevice)]
    [InlineData("error inside a 200", 200, """{"status":"error","message":"Incorrect token"}""", SmsRefusal.InvalidKey)]
    [InlineData("status inside a 200", 200, """{"status":402,"message":"Not enough credits"}""", SmsRefusal.OutOfBalance)]
    [InlineData("rate limited", 429, """{"error":"Too many requests"}""", SmsRefusal.RateLimited)]
    public async Task Documented_error_is_a_definite_refusal(string @case, int status, string body, SmsRefusal expected)
    {
        await using var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();
        stub.Answer(phone, status, body);

        var result = await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None);

        var notSent = Assert.IsType<SmsSendResult.NotSent>(result);
        Assert.True(expected == notSent.Refusal, $"{@case}: expected {expected}, got {notSent.Refusal}");
        Assert.StartsWith("HTTP ", notSent.Code, StringComparison.Ordinal);
        Assert.DoesNotContain(phone[2..], result.ToString(), StringComparison.Ordinal);
        Assert.Single(stub.Sends(phone));
    }

    [Fact]
    public async Task Token_the_gateway_does_not_know_is_an_invalid_key()
    {
        await using var app = Start(stub.BaseUrl);
        const string Wrong = "rsc-wrong-token-0a1b2c3d";
        LeakScan.Secret(Wrong);

        var result = await Gateway(app).SendAsync(new SmsCredentials(Wrong), Message(RoboSmsComStub.NewPhone()), CancellationToken.None);

        Assert.Equal(new SmsSendResult.NotSent(SmsRefusal.InvalidKey, "HTTP 401 invalid_token"), result);
    }

    [Fact]
    public async Task Rate_limit_carries_the_retry_after()
    {
        await using var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();
        stub.Answer(phone, 429, """{"error":"Too many requests","code":"rate_limited"}""", retryAfter: "30");

        var result = await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None);

        Assert.Equal(new SmsSendResult.NotSent(SmsRefusal.RateLimited, "HTTP 429 rate_limited", TimeSpan.FromSeconds(30)), result);
        Assert.Single(stub.Sends(phone));
    }

    [Fact]
    public async Task Server_error_is_unknown_and_sent_once()
    {
        await using var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();
        // Even a 5xx that names a refusal: the server may have failed after it handed the SMS to a device.
        stub.Answer(phone, 500, """{"error":"Not enough credits"}""");

        var result = await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(stub.Sends(phone));
    }

    [Fact]
    public async Task Timeout_is_unknown_and_sent_once()
    {
        await using var app = Start(stub.BaseUrl, new() { ["Sms:RoboSmsCom:SendTimeout"] = "00:00:01" });
        var phone = RoboSmsComStub.NewPhone();
        stub.Answer(phone, 200, """{"success":true,"data":{"id":"late"}}""", delay: TimeSpan.FromSeconds(3));

        var result = await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        // Past the stub's delay: still one request.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(stub.Sends(phone));
    }

    [Fact]
    public async Task Server_that_reads_the_send_and_hangs_up_gets_it_once_and_the_outcome_is_unknown()
    {
        using var server = new HangUpServer(_ => null);
        await using var app = Start(server.BaseUrl);

        var result = await Gateway(app).SendAsync(Credentials, Message(RoboSmsComStub.NewPhone()), CancellationToken.None);

        Assert.IsType<SmsSendResult.Unknown>(result);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(server.Requests, r => r.Path == RoboSmsComStub.SendPath);
    }

    [Fact]
    public async Task Connection_that_never_opened_is_not_sent()
    {
        await using var app = Start(HangUpServer.RefusingBaseUrl());

        var result = await Gateway(app).SendAsync(Credentials, Message(RoboSmsComStub.NewPhone()), CancellationToken.None);

        var notSent = Assert.IsType<SmsSendResult.NotSent>(result);
        Assert.Equal(SmsRefusal.NotSent, notSent.Refusal);
    }

    [Theory]
    [InlineData("""{"success":true,"data":{"id":"m-2","credits":2}}""", 2, "credits", "m-2")]
    [InlineData("""{"success":true,"id":"m-3","credits_used":"3"}""", 3, "credits", "m-3")]
    [InlineData("""{"success":true,"data":{"id":98765432101,"credits":"1.0"}}""", 1, "credits", "98765432101")]
    [InlineData("""{"success":true,"message":"SMS sent"}""", 2, "credits (computed)", null)]
    public async Task Credits_are_read_leniently_or_computed(string body, int credits, string unit, string? id)
    {
        await using var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();
        stub.Answer(phone, 200, body);

        // 481 characters: two credits at 480 characters per credit.
        var result = await Gateway(app).SendAsync(Credentials, Message(phone, new string('a', 481)), CancellationToken.None);

        var sent = Assert.IsType<SmsSendResult.Sent>(result);
        Assert.Equal(credits, sent.Cost);
        Assert.Equal(unit, sent.CostUnit);
        Assert.Equal(id, sent.ProviderMessageId);
    }

    [Theory]
    [InlineData("<html><body>robo-sms.com</body></html>")]
    [InlineData("")]
    [InlineData("""{"success":false,"message":"Something went wrong"}""")]
    public async Task Success_status_with_an_unreadable_or_unclear_body_is_unknown(string body)
    {
        await using var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();
        stub.Answer(phone, 200, body);

        Assert.IsType<SmsSendResult.Unknown>(await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None));
        Assert.Single(stub.Sends(phone));
    }

    [Fact]
    public async Task Balance_is_not_supported_unless_a_path_is_configured()
    {
        await using var app = Start(stub.BaseUrl);

        var result = await Gateway(app).CheckBalanceAsync(Credentials, CancellationToken.None);

        Assert.Equal(new SmsBalanceResult(false, null, null, "robo-sms.com has no documented balance endpoint", Unreadable: true), result);
        Assert.DoesNotContain(stub.Server.LogEntries, e => e.RequestMessage?.Path == RoboSmsComStub.BalancePath);
    }

    [Fact]
    public async Task Balance_is_read_from_the_configured_path()
    {
        await using var app = Start(stub.BaseUrl, new() { ["Sms:RoboSmsCom:BalancePath"] = "balance/" });
        var gateway = Gateway(app);

        Assert.Equal(new SmsBalanceResult(true, 42m, "credits", "ok"), await gateway.CheckBalanceAsync(Credentials, CancellationToken.None));
        const string Wrong = "rsc-wrong-token-9f8e7d6c";
        LeakScan.Secret(Wrong);
        Assert.True((await gateway.CheckBalanceAsync(new SmsCredentials(Wrong), CancellationToken.None)).InvalidKey);
    }

    // The gateway is a singleton: typed clients held in it would pin their first handlers for the life of the process,
    // so a DNS change or the factory's rotation would never reach robo-sms.com. Each use takes its clients afresh.
    [Fact]
    public async Task Sends_and_balance_reads_get_a_rotated_handler_once_its_lifetime_is_over()
    {
        var built = new ConcurrentQueue<string>();
        await using var app = Start(stub.BaseUrl, new() { ["Sms:RoboSmsCom:BalancePath"] = "balance/" }, services => services.ConfigureAll<HttpClientFactoryOptions>(o =>
        {
            o.HandlerLifetime = TimeSpan.FromSeconds(1);
            o.HttpMessageHandlerBuilderActions.Add(b => built.Enqueue(b.Name ?? ""));
        }));
        var gateway = Gateway(app);

        Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Credentials, Message(RoboSmsComStub.NewPhone()), CancellationToken.None));
        Assert.True((await gateway.CheckBalanceAsync(Credentials, CancellationToken.None)).Succeeded);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Credentials, Message(RoboSmsComStub.NewPhone()), CancellationToken.None));
        Assert.True((await gateway.CheckBalanceAsync(Credentials, CancellationToken.None)).Succeeded);

        Assert.Equal(2, built.Count(n => n.Contains(nameof(IRoboSmsComSendApi), StringComparison.Ordinal)));
        Assert.Equal(2, built.Count(n => n.Contains(nameof(IRoboSmsComReadApi), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Token_and_number_never_reach_the_logs()
    {
        var app = Start(stub.BaseUrl);
        var phone = RoboSmsComStub.NewPhone();
        // The gateway echoes the number in its error text.
        stub.Answer(phone, 422, """{"error":"Invalid phone number {to}","code":"invalid_phone_number"}""");
        await Gateway(app).SendAsync(Credentials, Message(phone), CancellationToken.None);
        await Gateway(app).SendAsync(Credentials, Message(RoboSmsComStub.NewPhone()), CancellationToken.None);

        // Disposing the host scans its whole Trace log for registered numbers and secrets, and throws if it finds one.
        await app.DisposeAsync();

        Assert.Contains(app.Logs.Lines, l => l.Contains("robo-sms.com send answered HTTP 422", StringComparison.Ordinal));
        Assert.Empty(LeakScan.Find(app.Logs.Lines));
    }

    private OrderConfirmApp Start(string baseUrl, Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:RoboSmsCom:BaseUrl"] = baseUrl,
            ["Sms:RoboSmsCom:SendTimeout"] = "00:00:05",
            ["Sms:RoboSmsCom:ReadTimeout"] = "00:00:02",
            ["Sms:RoboSmsCom:ReadRetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return OrderConfirmApp.Start(null, roboCall, settings, services);
    }

    private static ISmsGateway Gateway(OrderConfirmApp app)
        => app.Services.GetRequiredService<SmsGateways>().For(SmsProviders.RoboSms) ?? throw new InvalidOperationException("robo-sms is not registered");

    private static SmsMessage Message(string phone, string text = "Your COD order is confirmed")
        => new(phone, text, null, $"test-{Guid.NewGuid():N}", SmsEncoding.Gsm7);
}
