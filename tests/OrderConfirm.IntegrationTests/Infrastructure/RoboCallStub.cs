using System.Text.Json;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// WireMock stand-in for Robo Call Pakistan, answering with the shapes of its documentation (and its quirks: numbers
/// as strings, status inside a 200 body). Every number gets its own stubs, so tests sharing the server do not collide.
public sealed class RoboCallStub : IDisposable
{
    public const string ApiKey = "rc-test-key-7f3a9c";
    private static int _phones;

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// The base URL as a store would configure it, with the /api/ prefix of the documents.
    public string BaseUrl => Server.Url + "/api/";

    /// A fresh valid Pakistani mobile, e.g. 923001230001, and its local spelling.
    public static (string Normalized, string AsTyped) NewPhone()
    {
        var n = Interlocked.Increment(ref _phones);
        var subscriber = (1_230_000 + n).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
        return ($"92300{subscriber}", $"0300-{subscriber}");
    }

    /// calls?caller_id=phone answers {"status":"200", "data":{"call_id": callId}} (after an optional delay).
    public void AcceptCall(string phone, string callId, TimeSpan? delay = null)
    {
        var response = Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(JsonSerializer.Serialize(new
            {
                status = "200",
                message = "Call Data inserted successfully",
                data = new { call_id = callId, call_to = phone, amount = "1500", voice_id = "102" },
                api_response = "Ok 200",
            }));
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        Server.Given(Request.Create().WithPath("/api/calls").UsingGet().WithParam("caller_id", phone)).RespondWith(response);
    }

    public void RejectCall(string phone, int httpStatus, object body, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(httpStatus).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        Server.Given(Request.Create().WithPath("/api/calls").UsingGet().WithParam("caller_id", phone)).RespondWith(response);
    }

    /// get_call?call_id=callId walks through the given (call_status, dtmf, retry) answers, then keeps giving the last.
    public void CallStatuses(string callId, params (object Status, object? Dtmf, object? Retry)[] sequence)
    {
        var scenario = $"call-{callId}";
        if (sequence.Length == 1)
        {
            // The start mapping only matches while the scenario has no state; a second one keeps answering.
            sequence = [sequence[0], sequence[0]];
        }

        for (var i = 0; i < sequence.Length; i++)
        {
            var (status, dtmf, retry) = sequence[i];
            var body = JsonSerializer.Serialize(new
            {
                data = new { call_id = callId, call_to = "923000000000", call_status = status, dtmf, retry, amount = "1500", voice_id = "102" },
                code = "200",
                response = "Code Executed Successfully",
            });
            var request = Server.Given(Request.Create().WithPath("/api/get_call").UsingGet().WithParam("call_id", callId)).InScenario(scenario);
            request = i == 0 ? request : request.WhenStateIs($"s{i}");
            var last = i == sequence.Length - 1;
            request.WillSetStateTo(last ? $"s{i}" : $"s{i + 1}")
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
        }
    }

    /// user_verify?api_key=key answers {"status":200,"response":"API matched"} or the documented 401 body.
    public void VerifyKey(string key, bool accepted)
        => Server.Given(Request.Create().WithPath("/api/user_verify").UsingGet().WithParam("api_key", key))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(accepted
                ? """{"status":200,"response":"API matched"}"""
                : """{"status":401,"response":"API Key not matched"}"""));

    public IReadOnlyList<ILogEntry> Requests(string path, string param, string value)
        => Server.LogEntries.Where(e => e.RequestMessage?.Path == path && Query(e, param) == value).ToList();

    public static string? Query(ILogEntry entry, string param)
        => entry.RequestMessage?.Query is { } query && query.TryGetValue(param, out var values) ? values.FirstOrDefault() : null;

    public int DialCount(string phone) => Requests("/api/calls", "caller_id", phone).Count;

    public void Dispose() => Server.Stop();
}
