using System.Collections.Concurrent;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Robo Call with a partial outage: a share of the get_call status reads, drawn from a seeded Random, answer 500 or
/// 429 (Retry-After: 1); the rest answer normally. Dials always succeed (a failed dial is an unknown outcome by
/// design, not something to retry). A call shows "initiated" on its first successful read and "answered" with the
/// customer's key from then on.
public sealed class FlakyRoboCall : IDisposable
{
    private readonly ConcurrentDictionary<string, int?> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private readonly Random _random;
    private readonly double _share;
    private int _injected;

    public FlakyRoboCall(double failureShare, int seed)
    {
        (_share, _random) = (failureShare, new Random(seed));
        Server.Given(Request.Create().WithPath("/api/calls").UsingGet()).RespondWith(Response.Create().WithCallback(request =>
        {
            var phone = request.Query!["caller_id"].First();
            return WireMockResponses.Json(200, JsonSerializer.Serialize(new { status = "200", message = "Call Data inserted successfully", data = new { call_id = RoboCallStub.CallId(phone), call_to = phone }, api_response = "Ok 200" }));
        }));
        Server.Given(Request.Create().WithPath("/api/get_call").UsingGet()).RespondWith(Response.Create().WithCallback(request => Status(request.Query!["call_id"].First())));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url + "/api/";

    public int InjectedFailures => Volatile.Read(ref _injected);

    /// The customer on this phone presses this key (null: answers and presses nothing).
    public void Answers(string phone, int? key) => _keys[RoboCallStub.CallId(phone)] = key;

    public int Dials(string phone)
        => Server.LogEntries.Count(e => e.RequestMessage?.Path == "/api/calls" && e.RequestMessage.Query?["caller_id"].FirstOrDefault() == phone);

    public void Dispose() => Server.Stop();

    private WireMock.ResponseMessage Status(string callId)
    {
        int roll;
        lock (_random)
        {
            roll = _random.NextDouble() < _share ? _random.Next(2) : -1;
        }

        if (roll >= 0)
        {
            Interlocked.Increment(ref _injected);
            return roll == 0
                ? WireMockResponses.Json(500, """{"status":500,"response":"Internal Server Error"}""")
                : WireMockResponses.Json(429, """{"status":429,"response":"Too Many Requests"}""", retryAfter: "1");
        }

        var reads = _reads.AddOrUpdate(callId, 1, (_, n) => n + 1);
        var answered = reads > 1;
        var body = JsonSerializer.Serialize(new
        {
            data = new { call_id = callId, call_status = answered ? "2" : "1", dtmf = answered && _keys.TryGetValue(callId, out var key) ? key : null, retry = "0" },
            code = "200",
            response = "Code Executed Successfully",
        });
        return WireMockResponses.Json(200, body);
    }
}
