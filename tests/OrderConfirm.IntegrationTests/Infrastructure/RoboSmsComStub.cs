using System.Collections.Concurrent;
using System.Text.Json;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// WireMock stand-in for robo-sms.com. Like the real server (as far as its document tells) it checks the token, the
/// content type and the body of every send before it looks at the number; then each number answers what its test
/// scripted (default: sent, 1 credit). The error bodies are our assumption ({ "error", "code" }), since the document
/// lists the cases without bodies; the invalid-number answer echoes the number, as real gateways do.
public sealed class RoboSmsComStub : IDisposable
{
    public const string Token = "rsc-test-token-5b8e2d41c9";
    public const string SendPath = "/api/sms/";
    public const string BalancePath = "/api/balance/";

    private static int _phones;

    private readonly ConcurrentDictionary<string, Scripted> _answers = new(StringComparer.Ordinal);

    public RoboSmsComStub()
    {
        LeakScan.Secret(Token);
        Server.Given(Request.Create().WithPath(SendPath).UsingPost()).RespondWith(Response.Create().WithCallback(AnswerSend));
        Server.Given(Request.Create().WithPath(BalancePath).UsingGet()).RespondWith(Response.Create().WithCallback(AnswerBalance));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// The base URL as configured, with the /api/ prefix of the document.
    public string BaseUrl => Server.Url + "/api/";

    /// A fresh valid Pakistani mobile in 92XXXXXXXXXX form (a range of its own, apart from RoboCallStub's).
    public static string NewPhone()
    {
        var n = Interlocked.Increment(ref _phones);
        var phone = $"92301{(4_560_000 + n).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture)}";
        LeakScan.Phone(phone);
        return phone;
    }

    /// Sends to this number get this answer ("{to}" in the body becomes the number as sent), after an optional delay.
    public void Answer(string phone, int status, string body, string? retryAfter = null, TimeSpan? delay = null)
        => _answers["+" + phone] = new Scripted(status, body, retryAfter, delay);

    /// Every send the stub received for the number (matched on the body's "to").
    public IReadOnlyList<ILogEntry> Sends(string phone)
        => Server.LogEntries.Where(e => e.RequestMessage?.Path == SendPath && To(e.RequestMessage.Body) == "+" + phone).ToList();

    public static string? Header(ILogEntry entry, string name)
        => entry.RequestMessage?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public void Dispose() => Server.Stop();

    private ResponseMessage AnswerSend(IRequestMessage request)
    {
        if (Header(request, "Authorization") != "Basic " + Token)
        {
            return WireMockResponses.Json(401, """{"error":"Incorrect token","code":"invalid_token"}""");
        }

        if (Header(request, "Content-Type")?.Split(';')[0].Trim() != "application/json")
        {
            return WireMockResponses.Json(415, """{"error":"Content type must be application/json","code":"invalid_content_type"}""");
        }

        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Trim() == "{}")
        {
            return WireMockResponses.Json(400, """{"error":"JSON body is empty","code":"empty_body"}""");
        }

        using var body = JsonDocument.Parse(request.Body);
        if (!body.RootElement.TryGetProperty("to", out var to) || !body.RootElement.TryGetProperty("content", out _))
        {
            return WireMockResponses.Json(400, """{"error":"\"to\" and/or \"content\" fields are missing","code":"missing_fields"}""");
        }

        var number = to.GetString() ?? "";
        if (_answers.TryGetValue(number, out var scripted))
        {
            if (scripted.Delay is { } delay)
            {
                Thread.Sleep(delay);
            }

            return WireMockResponses.Json(scripted.Status, scripted.Body.Replace("{to}", number, StringComparison.Ordinal), scripted.RetryAfter);
        }

        return WireMockResponses.Json(200, """{"success":true,"message":"SMS sent","data":{"id":"rsc-msg-1","credits":"1"}}""");
    }

    private static ResponseMessage AnswerBalance(IRequestMessage request)
        => Header(request, "Authorization") == "Basic " + Token
            ? WireMockResponses.Json(200, """{"success":true,"data":{"credits":"42"}}""")
            : WireMockResponses.Json(401, """{"error":"Incorrect token","code":"invalid_token"}""");

    private static string? Header(IRequestMessage request, string name)
        => request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static string? To(string? body)
    {
        try
        {
            using var json = JsonDocument.Parse(body ?? "");
            return json.RootElement.TryGetProperty("to", out var to) ? to.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Scripted(int Status, string Body, string? RetryAfter, TimeSpan? Delay);
}
