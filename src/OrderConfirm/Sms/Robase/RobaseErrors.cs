using System.Text.Json;

namespace OrderConfirm.Sms.Robase;

// Robase's error type, wherever it sits: {"error":{"type":…}}, the batch row's {"error":{"error":{"type":…}}}, or a
// flat {"type":…} / {"code":…}. Outcomes branch on this and the HTTP status, never on the message text.
internal static class RobaseErrors
{
    public static string? TypeOf(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return TypeOf(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? TypeOf(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty("error", out var inner))
        {
            if (inner.ValueKind == JsonValueKind.Object && TypeOf(inner) is { } nested)
            {
                return nested;
            }

            if (inner.ValueKind == JsonValueKind.String)
            {
                return inner.GetString();
            }
        }

        foreach (var name in (ReadOnlySpan<string>)["type", "code"])
        {
            if (element.TryGetProperty(name, out var value))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        return value.GetString();
                    case JsonValueKind.Number:
                        return value.GetRawText();
                }
            }
        }

        return null;
    }

    /// A refusal for a documented error type, or null when the type says nothing definite.
    public static SmsRefusal? RefusalFor(string? type) => type switch
    {
        "phone_invalid" => SmsRefusal.InvalidNumber,
        "sender_id_invalid" => SmsRefusal.InvalidSender,
        "validation_error" => SmsRefusal.BadRequest,
        "sms_quota_exceeded" => SmsRefusal.OutOfBalance,
        "rate_limit_exceeded" => SmsRefusal.RateLimited,
        "authentication_error" or "unauthorized" or "invalid_api_key" or "forbidden" => SmsRefusal.InvalidKey,
        _ => null,
    };
}
