using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// What Robase's documents say it refuses, and how: a number not in E.164, a sender id over 11 alphanumerics, an
/// empty or over-long body without a template, send_at past 30 days; each a 400 with the error's type and field.
public sealed partial class RobaseStub
{
    private readonly ConcurrentDictionary<string, string> _batchRefusals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> _batchFailures = new();

    /// Rows of a batch to this number (E.164) are refused with this error type, the rest of the batch goes on.
    public void RefuseInBatch(string to, string type) => _batchRefusals[to] = type;

    /// The next batches are processed (their messages created) and then answered with this status.
    public void FailBatchesAfterStoring(int status, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _batchFailures.Enqueue(status);
        }
    }

    private readonly ConcurrentQueue<int> _cancelFailures = new();

    /// The next cancels are answered with this status (and change nothing).
    public void FailCancels(int status, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _cancelFailures.Enqueue(status);
        }
    }

    /// The message Robase holds or sent for this number (E.164), as it stands now.
    public JsonObject? MessageTo(string to) => _messages.Values.SingleOrDefault(m => m["to"]?.GetValue<string>() == to);

    /// Batch requests received.
    public IReadOnlyList<Received> Batches => Requests.Where(r => r.Path == "/v1/sms/batch").ToList();

    /// Every send to this number, single or a batch row (with the row's key and the batch's from), in order.
    public IReadOnlyList<Received> Texts(string to) => Requests
        .SelectMany(r => r.Path == "/v1/sms/batch" && r.Body?["messages"] is JsonArray rows
            ? rows.OfType<JsonObject>().Select(row => r with
            {
                IdempotencyKey = row["idempotency_key"]?.GetValue<string>(),
                Body = new JsonObject { ["to"] = row["to"]?.DeepClone(), ["body"] = row["body"]?.DeepClone(), ["from"] = r.Body["from"]?.DeepClone() },
            })
            : r.Path == "/v1/sms" ? [r] : [])
        .Where(r => r.Body?["to"]?.GetValue<string>() == to)
        .ToList();

    private (string Type, string Field)? BatchRefusal(JsonObject row)
        => row["to"]?.GetValue<string>() is { } to && _batchRefusals.TryGetValue(to, out var type) ? (type, "to") : null;

    private static ResponseMessage? Validate(JsonObject? body)
        => body is null
            ? Error(400, "validation_error", "Body must be JSON", null)
            : Refusal(body) is { } refusal ? Error(400, refusal.Type, "Invalid", refusal.Field) : null;

    private static (string Type, string Field)? Refusal(JsonObject body)
    {
        var to = body["to"]?.GetValue<string>();
        if (to is null || !E164().IsMatch(to))
        {
            return ("phone_invalid", "to");
        }

        var from = body["from"]?.GetValue<string>();
        if (from is null || !Sender().IsMatch(from))
        {
            return ("sender_id_invalid", "from");
        }

        var text = body["body"]?.GetValue<string>();
        if (body["template"] is null && (string.IsNullOrEmpty(text) || text.Length > 1600))
        {
            return ("validation_error", "body");
        }

        if (body["send_at"] is { } at && (!DateTimeOffset.TryParse(at.GetValue<string>(), CultureInfo.InvariantCulture, out var when) || when > DateTimeOffset.UtcNow.AddDays(30)))
        {
            return ("validation_error", "send_at");
        }

        return null;
    }

    private static ResponseMessage Error(int status, string type, string message, string? field)
        => WireMockResponses.Json(status, new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["field"] = field } }.ToJsonString());

    [GeneratedRegex(@"^\+[1-9]\d{7,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[A-Za-z0-9]{1,11}$")]
    private static partial Regex Sender();
}
