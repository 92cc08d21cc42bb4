using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// WireMock stand-in for Robase (POST /v1/sms, /v1/sms/batch, GET /v1/sms/:id, POST /v1/sms/:id/cancel) that behaves
/// like its documents: Bearer keys (rb_test_* runs in test mode), E.164 numbers, sender ids ≤ 11 alphanumerics,
/// send_at ≤ 30 days, 402 for an exhausted quota, and idempotency: a key it has seen returns the first message again
/// with "replayed": true and no new message. Failures can be queued per number (a 503 before the real answer, a
/// 429 with Retry-After, a slow answer). Every request it received is kept, with its headers and JSON body.
public sealed partial class RobaseStub : IDisposable
{
    public const string LiveKey = "rb_live_5c1f9e27a4d84b0f";
    public const string TestKey = "rb_test_7d2a0b6c91e34f58";
    public const string QuotaKey = "rb_live_quota_0e9d8c7b6a";

    private readonly ConcurrentDictionary<string, JsonObject> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byIdempotencyKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Forced>> _forced = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly Lock _create = new();
    private int _ids;

    public RobaseStub(string idempotencyHeader = "Idempotency-Key")
    {
        IdempotencyHeader = idempotencyHeader;
        foreach (var key in new[] { LiveKey, TestKey, QuotaKey })
        {
            LeakScan.Secret(key);
        }

        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Handle));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string IdempotencyHeader { get; }

    /// As Sms:Robase:BaseUrl would be configured, with the documents' /v1 prefix.
    public string BaseUrl => Server.Url + "/v1";

    public IReadOnlyList<Received> Requests => _received.ToArray();

    public IReadOnlyList<Received> Sends(string to) => Requests.Where(r => r.Path == "/v1/sms" && r.Body?["to"]?.GetValue<string>() == to).ToList();

    /// Messages created (replays do not create one).
    public int Created(string to) => _messages.Values.Count(m => m["to"]!.GetValue<string>() == to);

    /// The next sends to this number (E.164) are answered with these instead of being processed. With afterStoring
    /// each of them is processed first (the message is created, or replayed under a key already seen) and only the
    /// answer is replaced: a server that queued the SMS and then failed.
    public void Fail(string to, int status, int times, string? retryAfter = null, TimeSpan? delay = null, string? body = null, bool afterStoring = false)
    {
        var queue = _forced.GetOrAdd(to, _ => new ConcurrentQueue<Forced>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(new Forced(status, body ?? """{"error":{"type":"internal_error","message":"Upstream failure","field":null}}""", retryAfter, delay, afterStoring));
        }
    }

    /// send_at has come: the scheduled message turns queued, so a cancel now answers conflict.
    public void Fire(string id) => _messages[id]["status"] = "queued";

    public void Dispose() => Server.Stop();

    private ResponseMessage Handle(IRequestMessage request)
    {
        var body = ParseBody(request.Body);
        var received = new Received(request.Method, request.Path, Header(request, "Authorization"), Header(request, IdempotencyHeader), body);
        _received.Enqueue(received);

        var key = received.Authorization is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;
        if (key is not (LiveKey or TestKey or QuotaKey))
        {
            return Error(401, "authentication_error", "Invalid API key", null);
        }

        var path = request.Path;
        if (request.Method == "POST" && path == "/v1/sms")
        {
            return Send(key, received.IdempotencyKey, body);
        }

        if (request.Method == "POST" && path == "/v1/sms/batch")
        {
            return Batch(key, body);
        }

        // Not in Robase's documents: a stand-in for an account balance endpoint, for Sms:Robase:BalancePath.
        if (request.Method == "GET" && path == "/v1/account/balance")
        {
            return WireMockResponses.Json(200, """{"data":{"amount_kobo":123400,"currency":"NGN"}}""");
        }

        if (MessagePath().Match(path) is { Success: true } match)
        {
            var id = match.Groups["id"].Value;
            if (!_messages.TryGetValue(id, out var message))
            {
                return Error(404, "not_found", "No such message", null);
            }

            if (request.Method == "GET" && !match.Groups["cancel"].Success)
            {
                var withAttempts = (JsonObject)message.DeepClone();
                withAttempts["provider_attempts"] = new JsonArray(
                    new JsonObject { ["provider"] = "beem", ["attempted_at"] = "2026-04-17T10:30:01Z", ["ok"] = false, ["error_code"] = "carrier_timeout", ["error_message"] = "Timed out" },
                    new JsonObject { ["provider"] = "termii", ["attempted_at"] = "2026-04-17T10:30:05Z", ["ok"] = true, ["provider_message_id"] = "tm-" + id });
                return WireMockResponses.Json(200, withAttempts.ToJsonString());
            }

            if (request.Method == "POST" && match.Groups["cancel"].Success)
            {
                if (_cancelFailures.TryDequeue(out var failure))
                {
                    return Error(failure, "internal_error", "Upstream failure", null);
                }

                if (message["status"]!.GetValue<string>() != "scheduled")
                {
                    return Error(409, "conflict", "Message is no longer scheduled", null);
                }

                message["status"] = "cancelled";
                return WireMockResponses.Json(200, message.ToJsonString());
            }
        }

        return Error(404, "not_found", "No such route", null);
    }

    private ResponseMessage Send(string key, string? idempotencyKey, JsonObject? body)
    {
        var to = body?["to"]?.GetValue<string>();
        if (to is not null && _forced.TryGetValue(to, out var queue) && queue.TryDequeue(out var forced))
        {
            if (forced.AfterStoring)
            {
                Process(key, idempotencyKey, body);
            }

            if (forced.Delay is { } delay)
            {
                Thread.Sleep(delay);
            }

            return WireMockResponses.Json(forced.Status, forced.Body, forced.RetryAfter);
        }

        return Process(key, idempotencyKey, body);
    }

    private ResponseMessage Process(string key, string? idempotencyKey, JsonObject? body)
    {
        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        lock (_create)
        {
            if (idempotencyKey is not null && _byIdempotencyKey.TryGetValue(idempotencyKey, out var earlier))
            {
                var replay = (JsonObject)_messages[earlier].DeepClone();
                replay["replayed"] = true;
                var response = WireMockResponses.Json(200, replay.ToJsonString());
                response.AddHeader("Idempotent-Replayed", "true");
                return response;
            }

            if (key == QuotaKey)
            {
                return Error(402, "sms_quota_exceeded", "Monthly quota and wallet exhausted", null);
            }

            var message = Create(key, body!);
            if (idempotencyKey is not null)
            {
                _byIdempotencyKey[idempotencyKey] = message["id"]!.GetValue<string>();
            }

            return WireMockResponses.Json(201, message.ToJsonString());
        }
    }

    private ResponseMessage Batch(string key, JsonObject? body)
    {
        if (body?["messages"] is not JsonArray messages || messages.Count is 0 or > 1000)
        {
            return Error(400, "validation_error", "messages must hold 1 to 1000 items", "messages");
        }

        var data = new JsonArray();
        var (accepted, failed) = (0, 0);
        lock (_create)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var row = (JsonObject)messages[i]!;
                var single = new JsonObject { ["to"] = row["to"]?.DeepClone(), ["from"] = body["from"]?.DeepClone(), ["body"] = row["body"]?.DeepClone(), ["country"] = body["country"]?.DeepClone() };
                var rowKey = row["idempotency_key"]?.GetValue<string>();
                if ((BatchRefusal(single) ?? Refusal(single)) is { } refusal)
                {
                    failed++;
                    data.Add(new JsonObject { ["index"] = i, ["replayed"] = false, ["error"] = new JsonObject { ["error"] = new JsonObject { ["type"] = refusal.Type, ["message"] = "Invalid", ["field"] = refusal.Field } } });
                    continue;
                }

                accepted++;
                if (rowKey is not null && _byIdempotencyKey.TryGetValue(rowKey, out var earlier))
                {
                    data.Add(new JsonObject { ["index"] = i, ["replayed"] = true, ["sms"] = _messages[earlier].DeepClone() });
                    continue;
                }

                var message = Create(key, single);
                if (rowKey is not null)
                {
                    _byIdempotencyKey[rowKey] = message["id"]!.GetValue<string>();
                }

                data.Add(new JsonObject { ["index"] = i, ["replayed"] = false, ["sms"] = message.DeepClone() });
            }
        }

        // A server that took the batch and then failed: its messages exist, its answer is lost.
        return _batchFailures.TryDequeue(out var status)
            ? Error(status, "internal_error", "Upstream failure", null)
            : WireMockResponses.Json(200, new JsonObject { ["accepted"] = accepted, ["failed"] = failed, ["success"] = failed == 0, ["data"] = data }.ToJsonString());
    }

    private JsonObject Create(string key, JsonObject body)
    {
        var text = body["body"]?.GetValue<string>() ?? $"[template {body["template"]?.GetValue<string>()}]";
        var segments = text.Length <= 160 ? 1 : (int)Math.Ceiling(text.Length / 153.0);
        var scheduled = body["send_at"] is { } at && DateTimeOffset.Parse(at.GetValue<string>(), CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow;
        var id = $"01H8XKQJ3Z9S7K1X2Y3Z{Interlocked.Increment(ref _ids):D6}";
        var message = new JsonObject
        {
            ["id"] = id,
            ["status"] = scheduled ? "scheduled" : "queued",
            ["to"] = body["to"]?.DeepClone(),
            ["from"] = body["from"]?.DeepClone(),
            ["body"] = text,
            ["segments"] = segments,
            ["encoding"] = "GSM7",
            ["country"] = body["country"]?.DeepClone() ?? "PK",
            ["cost"] = new JsonObject { ["amount_kobo"] = 400 * segments, ["currency"] = "NGN" },
            ["provider"] = "beem",
            ["test_mode"] = key.StartsWith("rb_test_", StringComparison.Ordinal),
            ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        _messages[id] = message;
        return message;
    }

    private static JsonObject? ParseBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(IRequestMessage request, string name)
        => request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    [GeneratedRegex("^/v1/sms/(?<id>[^/]+?)(?<cancel>/cancel)?$")]
    private static partial Regex MessagePath();

    public sealed record Received(string Method, string Path, string? Authorization, string? IdempotencyKey, JsonObject? Body);

    private sealed record Forced(int Status, string Body, string? RetryAfter, TimeSpan? Delay, bool AfterStoring);
}
