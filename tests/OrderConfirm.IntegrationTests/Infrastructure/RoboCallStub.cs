using System.Collections.Concurrent;
using System.Text.Json;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// WireMock stand-in for Robo Call Pakistan, answering with the shapes of its documentation (and its quirks: numbers
/// as strings, status inside a 200 body). Like the real server it checks the api_key of every request against the
/// keys it knows and wants a voice_id on a dial. Every number gets its own stubs, so tests sharing the server do not
/// collide; keys are shared state, so a test that changes a key's state uses a key of its own.
public sealed class RoboCallStub : IDisposable
{
    public const string ApiKey = "rc-test-key-7f3a9c";

    // WireMock tries the lowest number first: the account checks a real server makes before it looks at the call.
    private const int UnknownKeyPriority = 1;
    private const int MissingVoicePriority = 2;
    private const int OutOfBalancePriority = 3;
    private const int PerCallPriority = 10;
    private const int FallbackPriority = 100;

    private static int _phones;

    // Known keys, each with whether its account is out of balance.
    private readonly ConcurrentDictionary<string, bool> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<Guid>> _dialMappings = new(StringComparer.Ordinal);

    public RoboCallStub()
    {
        RegisterKey(ApiKey);
        StubAccounts();
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// The base URL as a store would configure it, with the /api/ prefix of the documents.
    public string BaseUrl => Server.Url + "/api/";

    /// A fresh valid Pakistani mobile, e.g. 923001230001, and its local spelling.
    public static (string Normalized, string AsTyped) NewPhone()
    {
        var n = Interlocked.Increment(ref _phones);
        var subscriber = (1_230_000 + n).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
        LeakScan.Phone($"92300{subscriber}");
        return ($"92300{subscriber}", $"0300-{subscriber}");
    }

    /// Robo Call knows this key from now on (user_verify matches, check_balance shows credit, calls are taken).
    /// A call id for a test's call: stable per phone, and without the phone's digits (call ids are logged).
    public static string CallId(string phone)
        => "call-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(phone)).AsSpan(0, 6));

    public void RegisterKey(string key)
    {
        LeakScan.Secret(key);
        _keys[key] = false;
    }

    /// Robo Call no longer knows the key: every endpoint answers "API Key not matched".
    public void RevokeKey(string key) => _keys.TryRemove(key, out _);

    /// The key's account has no balance (calls answer 402, check_balance 0.00), or has credit again.
    public void SetOutOfBalance(string key, bool outOfBalance) => _keys[key] = outOfBalance;

    /// calls?caller_id=phone answers {"status":"200", "data":{"call_id": callId}} (after an optional delay).
    public void AcceptCall(string phone, string callId, TimeSpan? delay = null)
    {
        var response = Json(200, new
        {
            status = "200",
            message = "Call Data inserted successfully",
            data = new { call_id = callId, call_to = phone, amount = "1500", voice_id = "102" },
            api_response = "Ok 200",
        });
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        StubDial(phone, response);
    }

    public void RejectCall(string phone, int httpStatus, object body, string? retryAfter = null)
    {
        var response = Json(httpStatus, body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        StubDial(phone, response);
    }

    /// Removes what AcceptCall/RejectCall set up for the number.
    public void ForgetCalls(string phone)
    {
        if (_dialMappings.TryRemove(phone, out var guids))
        {
            foreach (var guid in guids)
            {
                Server.DeleteMapping(guid);
            }
        }
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
            var body = new
            {
                data = new { call_id = callId, call_to = "923000000000", call_status = status, dtmf, retry, amount = "1500", voice_id = "102" },
                code = "200",
                response = "Code Executed Successfully",
            };
            var request = Server.Given(Request.Create().WithPath("/api/get_call").UsingGet().WithParam("call_id", callId))
                .AtPriority(PerCallPriority)
                .InScenario(scenario);
            request = i == 0 ? request : request.WhenStateIs($"s{i}");
            var last = i == sequence.Length - 1;
            request.WillSetStateTo(last ? $"s{i}" : $"s{i + 1}").RespondWith(Json(200, body));
        }
    }

    /// From now on get_call for the call answers this final status, whatever CallStatuses scripted: a test holds a call
    /// ringing (CallStatuses with status 1) for as long as it needs, then ends it.
    public void EndCall(string callId, object status, object? dtmf, object? retry)
    {
        var body = new
        {
            data = new { call_id = callId, call_to = "923000000000", call_status = status, dtmf, retry, amount = "1500", voice_id = "102" },
            code = "200",
            response = "Code Executed Successfully",
        };
        Server.Given(Request.Create().WithPath("/api/get_call").UsingGet().WithParam("call_id", callId))
            .AtPriority(PerCallPriority - 1)
            .RespondWith(Json(200, body));
    }

    /// user_verify answers "API matched" for the key from now on, or the documented 401 body.
    public void VerifyKey(string key, bool accepted)
    {
        if (accepted)
        {
            _keys.TryAdd(key, false);
        }
        else
        {
            RevokeKey(key);
        }
    }

    public IReadOnlyList<ILogEntry> Requests(string path, string param, string value)
        => Server.LogEntries.Where(e => e.RequestMessage?.Path == path && Query(e, param) == value).ToList();

    public IReadOnlyList<ILogEntry> Requests(string path)
        => Server.LogEntries.Where(e => e.RequestMessage?.Path == path).ToList();

    public static string? Query(ILogEntry entry, string param)
        => entry.RequestMessage?.Query is { } query && query.TryGetValue(param, out var values) ? values.FirstOrDefault() : null;

    public int DialCount(string phone) => Requests("/api/calls", "caller_id", phone).Count;

    public void Dispose() => Server.Stop();

    private void StubDial(string phone, IResponseBuilder response)
    {
        var guid = Guid.NewGuid();
        _dialMappings.GetOrAdd(phone, _ => []).Add(guid);
        Server.Given(Request.Create().WithPath("/api/calls").UsingGet().WithParam("caller_id", phone))
            .WithGuid(guid)
            .AtPriority(PerCallPriority)
            .RespondWith(response);
    }

    // What a real account answers before any call is looked at: unknown keys, missing voice, no balance; and the
    // documented user_verify and check_balance answers.
    private void StubAccounts()
    {
        var notMatched = new { status = 401, response = "API Key not matched" };
        foreach (var path in new[] { "/api/calls", "/api/get_call" })
        {
            Server.Given(Request.Create().WithPath(path).UsingGet().WithParam(q => !IsKnown(q)))
                .AtPriority(UnknownKeyPriority)
                .RespondWith(Json(401, notMatched));
        }

        Server.Given(Request.Create().WithPath("/api/calls").UsingGet().WithParam(q => string.IsNullOrWhiteSpace(Param(q, "voice_id"))))
            .AtPriority(MissingVoicePriority)
            .RespondWith(Json(400, new { status = 400, response = "Bad Request - Invalid Parameters" }));
        Server.Given(Request.Create().WithPath("/api/calls").UsingGet().WithParam(IsOutOfBalance))
            .AtPriority(OutOfBalancePriority)
            .RespondWith(Json(402, new { status = 402, message = "Insufficient balance" }));

        Server.Given(Request.Create().WithPath("/api/user_verify").UsingGet().WithParam(IsKnown))
            .AtPriority(UnknownKeyPriority)
            .RespondWith(Json(200, new { status = 200, response = "API matched" }));
        Server.Given(Request.Create().WithPath("/api/user_verify").UsingGet())
            .AtPriority(FallbackPriority)
            .RespondWith(Json(200, notMatched));

        Server.Given(Request.Create().WithPath("/api/check_balance").UsingGet().WithParam(IsOutOfBalance))
            .AtPriority(OutOfBalancePriority)
            .RespondWith(Json(200, new { status = 200, data = new { balance = "0.00", username = "demo", call_rate = "5.50" } }));
        Server.Given(Request.Create().WithPath("/api/check_balance").UsingGet().WithParam(IsKnown))
            .AtPriority(PerCallPriority)
            .RespondWith(Json(200, new { status = 200, data = new { balance = "2682.00", username = "demo", call_rate = "5.50" } }));
        Server.Given(Request.Create().WithPath("/api/check_balance").UsingGet())
            .AtPriority(FallbackPriority)
            .RespondWith(Json(200, new { status = 422, response = "API Key not matched" }));
    }

    private bool IsKnown(IDictionary<string, WireMockList<string>>? query) => Param(query, "api_key") is { } key && _keys.ContainsKey(key);

    private bool IsOutOfBalance(IDictionary<string, WireMockList<string>>? query)
        => Param(query, "api_key") is { } key && _keys.TryGetValue(key, out var broke) && broke;

    private static string? Param(IDictionary<string, WireMockList<string>>? query, string name)
        => query is not null && query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    private static IResponseBuilder Json(int status, object body)
        => Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));
}
