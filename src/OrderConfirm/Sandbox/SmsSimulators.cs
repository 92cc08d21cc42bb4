using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrderConfirm.Sms;
using OrderConfirm.Sms.Robase;

namespace OrderConfirm.Sandbox;

/// The three SMS gateways as their documents (docs/sms.md) and our clients read them, served by the service to itself
/// while the sandbox is on: Robo SMS (PK)'s GET send and balance, robo-sms.com's JSON POST with its Basic token, and
/// Robase's POST /sms with its Bearer key and idempotency key (a key seen before replays the first message). Any
/// non-empty key is an account with credit; every text taken is kept for GET /sandbox/sms.
public static class SmsSimulators
{
    public const string RoboSmsPkRoot = "/sandbox/robosms-pk/v1";
    public const string RoboSmsComRoot = "/sandbox/robo-sms/api";
    public const string RobaseRoot = "/sandbox/robase/v1";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet($"{RoboSmsPkRoot}/sms/send", RoboSmsPkSend).ExcludeFromDescription();
        routes.MapGet($"{RoboSmsPkRoot}/balance", ([FromQuery(Name = "api_key")] string? apiKey) => string.IsNullOrWhiteSpace(apiKey)
            ? Results.Json(new { status = "error", message = "Invalid API key" }, statusCode: StatusCodes.Status401Unauthorized)
            : Results.Json(new { status = "success", data = new { balance = "1000.00", currency = "PKR" } })).ExcludeFromDescription();
        routes.MapPost($"{RoboSmsComRoot}/sms/", RoboSmsComSendAsync).ExcludeFromDescription();
        routes.MapPost($"{RobaseRoot}/sms", RobaseSendAsync).ExcludeFromDescription();
    }

    // GET sms/send?api_key&to&message&from&type&unicode. The document shows no bodies; this one has the fields the
    // client looks for (id, segments, cost).
    private static IResult RoboSmsPkSend(
        [FromQuery(Name = "api_key")] string? apiKey, string? to, string? message, string? from, SimulatedTexts texts)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return Results.Json(new { status = "error", message = "Invalid API key" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (string.IsNullOrWhiteSpace(to) || string.IsNullOrEmpty(message))
        {
            return Results.Json(new { status = "error", message = $"Missing parameters: {(string.IsNullOrWhiteSpace(to) ? "to" : "message")}" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var segments = SmsText.Of(message).Segments;
        var id = texts.Add(SmsProviders.RoboSmsPk, to, from, message);
        return Results.Json(new { status = "success", data = new { message_id = id, segments, cost = (segments * 1.5m).ToString("0.00", CultureInfo.InvariantCulture), currency = "PKR" } });
    }

    // POST sms/ with "Authorization: Basic <token>" and { content, to, country_code, device_id }.
    private static async Task<IResult> RoboSmsComSendAsync(HttpRequest request, SimulatedTexts texts, CancellationToken cancellationToken)
    {
        if (!request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal) || request.Headers.Authorization.ToString().Length <= "Basic ".Length)
        {
            return Results.Json(new { error = "Incorrect token", code = "invalid_token" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (request.ContentType?.Split(';')[0].Trim() != "application/json")
        {
            return Results.Json(new { error = "Content type must be application/json", code = "invalid_content_type" }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var body = await ReadObjectAsync(request, cancellationToken);
        if (body?["to"]?.GetValueKind() != JsonValueKind.String || body["content"]?.GetValueKind() != JsonValueKind.String)
        {
            return Results.Json(new { error = "\"to\" and/or \"content\" fields are missing", code = "missing_fields" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var content = body["content"]!.GetValue<string>();
        var id = texts.Add(SmsProviders.RoboSms, body["to"]!.GetValue<string>(), null, content);
        var credits = Math.Max(1, (content.Length + 479) / 480);
        return Results.Json(new { success = true, message = "SMS sent", data = new { id, credits = credits.ToString(CultureInfo.InvariantCulture) } });
    }

    // POST sms with "Authorization: Bearer <key>", the idempotency key and { to, from, body, country }.
    private static async Task<IResult> RobaseSendAsync(
        HttpRequest request, SimulatedTexts texts, RobaseReplays replays, IOptions<RobaseOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var auth = request.Headers.Authorization.ToString();
        var key = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..].Trim() : "";
        if (key.Length == 0)
        {
            return RobaseError(401, "authentication_error", "Invalid API key", null);
        }

        var body = await ReadObjectAsync(request, cancellationToken);
        var to = body?["to"]?.GetValueKind() == JsonValueKind.String ? body["to"]!.GetValue<string>() : null;
        var text = body?["body"]?.GetValueKind() == JsonValueKind.String ? body["body"]!.GetValue<string>() : null;
        if (to is null || text is null)
        {
            return RobaseError(400, "validation_error", "to and body are required", to is null ? "to" : "body");
        }

        if (!to.StartsWith('+') || to.Length < 8 || !to[1..].All(char.IsAsciiDigit))
        {
            return RobaseError(400, "phone_invalid", "to must be an E.164 number", "to");
        }

        var idempotencyKey = request.Headers[options.Value.IdempotencyHeader].ToString();
        if (idempotencyKey.Length > 0 && replays.TryGet(idempotencyKey, out var earlier))
        {
            var replay = earlier.DeepClone().AsObject();
            replay["replayed"] = true;
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Content(replay.ToJsonString(), "application/json");
        }

        var from = body!["from"]?.GetValueKind() == JsonValueKind.String ? body["from"]!.GetValue<string>() : null;
        var segments = SmsText.Of(text).Segments;
        var message = new JsonObject
        {
            ["id"] = texts.Add(SmsProviders.Robase, to, from, text),
            ["status"] = "queued",
            ["segments"] = segments,
            ["encoding"] = SmsText.Of(text).Encoding == SmsEncoding.Gsm7 ? "GSM7" : "UCS2",
            ["country"] = "PK",
            ["cost"] = new JsonObject { ["amount_kobo"] = 400 * segments, ["currency"] = "PKR" },
            ["provider"] = "sandbox",
            ["test_mode"] = key.StartsWith("rb_test_", StringComparison.Ordinal),
            ["created_at"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        if (idempotencyKey.Length > 0)
        {
            replays.Add(idempotencyKey, message);
        }

        return Results.Content(message.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
    }

    private static IResult RobaseError(int status, string type, string message, string? field)
        => Results.Json(new { error = new { type, message, field } }, statusCode: status);

    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// Robase's idempotency: key → the message first answered, so a retried send replays it. In memory (the sandbox's
/// Robase forgets on restart) and bounded: past 10,000 keys it starts again.
public sealed class RobaseReplays
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> _messages = new(StringComparer.Ordinal);

    public bool TryGet(string key, out JsonObject message) => _messages.TryGetValue(key, out message!);

    public void Add(string key, JsonObject message)
    {
        if (_messages.Count > 10_000)
        {
            _messages.Clear();
        }

        _messages.TryAdd(key, message);
    }
}
