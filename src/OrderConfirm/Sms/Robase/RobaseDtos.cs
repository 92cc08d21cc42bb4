using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderConfirm.Sms.Robase;

// POST /sms. Body or Template (with Variables); SendAt only for a scheduled send. Nulls are not written.
// Never logged: it carries the customer's number and text.
public sealed record RobaseSendRequest(
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("send_at")] string? SendAt,
    [property: JsonPropertyName("template")] string? Template = null,
    [property: JsonPropertyName("variables")] IReadOnlyDictionary<string, object>? Variables = null);

// POST /sms/batch: one request, each row with its own idempotency key.
public sealed record RobaseBatchRequest(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("messages")] IReadOnlyList<RobaseBatchMessage> Messages,
    [property: JsonPropertyName("country")] string Country);

public sealed record RobaseBatchMessage(
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("idempotency_key")] string IdempotencyKey);

// One message as Robase shows it (send answer, GET /sms/:id, cancel answer, batch row).
public sealed record RobaseSms
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("segments")]
    public int? Segments { get; init; }

    [JsonPropertyName("cost")]
    public RobaseCost? Cost { get; init; }

    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    [JsonPropertyName("test_mode")]
    public bool? TestMode { get; init; }

    // Not on the documented single-send answer; the batch rows carry it, and an idempotent replay may.
    [JsonPropertyName("replayed")]
    public bool? Replayed { get; init; }

    [JsonPropertyName("provider_attempts")]
    public IReadOnlyList<RobaseAttemptDto>? ProviderAttempts { get; init; }
}

public sealed record RobaseCost(
    [property: JsonPropertyName("amount_kobo")] decimal? AmountKobo,
    [property: JsonPropertyName("currency")] string? Currency);

public sealed record RobaseAttemptDto(
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("attempted_at")] DateTimeOffset? AttemptedAt,
    [property: JsonPropertyName("ok")] bool? Ok,
    [property: JsonPropertyName("provider_message_id")] string? ProviderMessageId,
    [property: JsonPropertyName("error_code")] string? ErrorCode);

public sealed record RobaseBatchResponse(
    [property: JsonPropertyName("accepted")] int? Accepted,
    [property: JsonPropertyName("failed")] int? Failed,
    [property: JsonPropertyName("success")] bool? Success,
    [property: JsonPropertyName("data")] IReadOnlyList<RobaseBatchRowResponse>? Data);

// The documents nest a row's error twice ({"error":{"error":{"type":…}}}); RobaseErrors reads any depth.
public sealed record RobaseBatchRowResponse(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("replayed")] bool? Replayed,
    [property: JsonPropertyName("sms")] RobaseSms? Sms,
    [property: JsonPropertyName("error")] JsonElement? Error);
