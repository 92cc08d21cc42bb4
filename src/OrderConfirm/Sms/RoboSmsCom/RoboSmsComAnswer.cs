using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderConfirm.Sms.RoboSmsCom;

// What a robo-sms.com answer says, read leniently. The document lists its outcomes without status codes or bodies, so
// nothing here assumes one shape: fields are looked for at the top level and under "data", numbers may be strings,
// and the words that classify an error come from its code first and its error/message text second. The message text
// itself is never kept in a result: it may echo the customer's number.
internal sealed partial record RoboSmsComAnswer(
    bool IsJsonObject,
    int? BodyStatus,
    bool ReportsError,
    string? Code,
    string Keywords,
    string? MessageId,
    decimal? Credits,
    int? Segments,
    string? Status,
    decimal? Balance)
{
    private static readonly RoboSmsComAnswer Unreadable = new(false, null, false, null, "", null, null, null, null, null);

    public static RoboSmsComAnswer Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Unreadable;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return Unreadable;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unreadable;
            }

            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            JsonElement[] scopes = data.ValueKind == JsonValueKind.Object ? [root, data] : [root];

            var code = SafeCode(FirstString(scopes, "code", "error_code", "errorCode", "error_type", "type"));
            var errorText = string.Join(' ', Texts(root, "error", "errors", "message", "detail", "msg", "status"));
            var keywords = Normalize(code is null ? errorText : code + " " + errorText);

            var success = FirstValue(scopes, "success", "ok");
            var statusText = FirstString([root], "status")?.ToLowerInvariant();
            var reportsError = success is { ValueKind: JsonValueKind.False }
                || (root.TryGetProperty("error", out var e) && e.ValueKind is JsonValueKind.String or JsonValueKind.Object && !(e.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(e.GetString())))
                || (root.TryGetProperty("errors", out var es) && ((es.ValueKind == JsonValueKind.Array && es.GetArrayLength() > 0) || (es.ValueKind == JsonValueKind.Object && es.EnumerateObject().Any())))
                || statusText is "error" or "failed" or "fail";

            return new RoboSmsComAnswer(
                true,
                FirstNumber(scopes, "status_code", "status", "code") is { } s && s == decimal.Floor(s) && s is >= 100 and < 600 ? (int)s : null,
                reportsError,
                code,
                keywords,
                SafeId(FirstString(scopes, "id", "sms_id", "message_id", "messageId", "uuid")),
                FirstNumber(scopes, "credits_used", "credits_deducted", "used_credits", "credits", "credit", "cost"),
                FirstNumber(scopes, "sms_count", "segments", "parts", "sms") is { } n && n == decimal.Floor(n) && n is >= 0 and < 10_000 ? (int)n : null,
                SafeCode(statusText is null || int.TryParse(statusText, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? FirstString(data.ValueKind == JsonValueKind.Object ? [data] : [], "status") : statusText),
                FirstNumber(scopes, "balance", "credits", "remaining_credits", "credit"));
        }
    }

    // Codes and statuses are kept only when they look like identifiers, never like text or a phone number.
    private static string? SafeCode(string? value)
        => value is not null && IdentifierPattern().IsMatch(value) && !LongDigitRun().IsMatch(value) ? value : null;

    // Ids are often long numbers, so only their form is checked; they come from id fields, never from message text.
    private static string? SafeId(string? value)
        => value is not null && IdentifierPattern().IsMatch(value) ? value : null;

    private static string Normalize(string text)
        => " " + Separators().Replace(text.ToLowerInvariant(), " ") + " ";

    private static JsonElement? FirstValue(JsonElement[] scopes, params string[] names)
    {
        foreach (var scope in scopes)
        {
            foreach (var name in names)
            {
                if (scope.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static string? FirstString(JsonElement[] scopes, params string[] names)
    {
        foreach (var scope in scopes)
        {
            foreach (var name in names)
            {
                if (scope.TryGetProperty(name, out var value))
                {
                    var text = value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString()?.Trim(),
                        JsonValueKind.Number => value.GetRawText(),
                        _ => null,
                    };
                    if (!string.IsNullOrEmpty(text))
                    {
                        return text;
                    }
                }
            }
        }

        return null;
    }

    private static decimal? FirstNumber(JsonElement[] scopes, params string[] names)
    {
        foreach (var scope in scopes)
        {
            foreach (var name in names)
            {
                if (!scope.TryGetProperty(name, out var value))
                {
                    continue;
                }

                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
                {
                    return number;
                }

                if (value.ValueKind == JsonValueKind.String
                    && decimal.TryParse(value.GetString()?.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }
            }
        }

        return null;
    }

    // Every string under the named fields (objects and arrays flattened, property names included: validation errors
    // often come as { "errors": { "to": ["…"] } }).
    private static IEnumerable<string> Texts(JsonElement root, params string[] names)
    {
        foreach (var name in names)
        {
            if (root.TryGetProperty(name, out var value))
            {
                foreach (var text in Flatten(value))
                {
                    yield return text;
                }
            }
        }
    }

    private static IEnumerable<string> Flatten(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                yield return value.GetString() ?? "";
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var text in Flatten(item))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var text in Flatten(property.Value))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("[0-9]{7,}")]
    private static partial Regex LongDigitRun();

    [GeneratedRegex("[^a-z0-9.]+")]
    private static partial Regex Separators();
}
