using Microsoft.AspNetCore.WebUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// WireMock stand-in for Robo SMS (Pakistan). Its document gives the query parameters and the status codes but no
/// paths or bodies, so the paths are the gateway's defaults (sms/send, balance under /v1) and each test says what the
/// answer is. Every test uses an api_key of its own, which is what the stubs match on, so tests sharing the server do
/// not collide.
public sealed class RoboSmsPkStub : IDisposable
{
    public const string SendPath = "/v1/sms/send";
    public const string BalancePath = "/v1/balance";

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// The base URL as configured (Sms:RoboSmsPk:BaseUrl), with the documented /v1 and no trailing slash.
    public string BaseUrl => Server.Url + "/v1";

    /// A fresh key, registered with the leak scan.
    public static string NewKey()
    {
        var key = $"rsp-key-{Guid.NewGuid():N}";
        LeakScan.Secret(key);
        return key;
    }

    /// Every send with this key answers status/body (after an optional delay).
    public void AnswerSend(string key, int status, string body, string? retryAfter = null, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        // One mapping per key, replaced by the next call for the same key.
        Server.Given(Request.Create().WithPath(SendPath).UsingGet().WithParam("api_key", key)).WithGuid(SendMapping(key)).RespondWith(response);
    }

    /// Balance reads with this key walk through the given answers, then keep giving the last.
    public void AnswerBalance(string key, params (int Status, string Body)[] sequence)
    {
        var scenario = $"balance-{key}";
        if (sequence.Length == 1)
        {
            sequence = [sequence[0], sequence[0]];
        }

        for (var i = 0; i < sequence.Length; i++)
        {
            var request = Server.Given(Request.Create().WithPath(BalancePath).UsingGet().WithParam("api_key", key)).InScenario(scenario);
            request = i == 0 ? request : request.WhenStateIs($"s{i}");
            var last = i == sequence.Length - 1;
            request.WillSetStateTo(last ? $"s{i}" : $"s{i + 1}")
                .RespondWith(Response.Create().WithStatusCode(sequence[i].Status).WithHeader("Content-Type", "application/json").WithBody(sequence[i].Body));
        }
    }

    /// Balance reads with this key are answered only after the delay (a slow or stuck gateway).
    public void AnswerBalanceAfter(string key, TimeSpan delay, int status, string body)
        => Server.Given(Request.Create().WithPath(BalancePath).UsingGet().WithParam("api_key", key))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body).WithDelay(delay));

    /// What the server received with this key: method, path and the query exactly as sent (decoded, not split on commas).
    public IReadOnlyList<Received> Requests(string key)
        => Server.LogEntries
            .Select(e => e.RequestMessage!)
            .Select(m => new Received(m.Method, m.Path, QueryHelpers.ParseQuery(m.RawQuery).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)))
            .Where(r => r.Query.GetValueOrDefault("api_key") == key)
            .ToList();

    public void Dispose() => Server.Stop();

    private static Guid SendMapping(string key) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("send:" + key)).AsSpan(0, 16));

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Query);
}
