using System.Globalization;
using System.Text.Json;

namespace OrderConfirm.Sms.RoboSmsPk;

// Sorts Robo SMS (PK) answers into outcomes. The vendor documents only the HTTP status codes (200, 400, 401, 402, 429,
// 500), not the bodies, so every field is looked for under several names, at the top level or inside "data", as a
// number or a string. Nothing here copies the vendor's message text or the URL into a result: they may echo the
// number or the key.
internal static class RoboSmsPkAnswers
{
    private static readonly string[] IdNames = ["message_id", "messageId", "msg_id", "sms_id", "smsId", "id", "uid", "reference"];
    private static readonly string[] SegmentNames = ["segments", "parts", "sms_count", "smsCount", "message_count", "count"];
    private static readonly string[] CostNames = ["cost", "charged", "price", "amount", "credits_used"];
    private static readonly string[] BalanceNames = ["balance", "sms_balance", "credit", "credits", "remaining_balance"];
    private static readonly string[] UnitNames = ["currency", "unit"];

    public static SmsSendResult ClassifySend(int httpStatus, string? body, TimeSpan? retryAfterHeader)
    {
        using var json = TryParse(body);
        var root = json?.RootElement;
        var code = EffectiveCode(httpStatus, root);
        var text = root is { } r ? Texts(r).ToLowerInvariant() : "";
        var codeText = code.ToString(CultureInfo.InvariantCulture);

        if (code is >= 200 and < 300)
        {
            // A 200 we cannot read may still have sent: only a readable answer is a definite one.
            if (root is not { ValueKind: JsonValueKind.Object or JsonValueKind.Array } ok)
            {
                return new SmsSendResult.Unknown($"HTTP {code} with a body that could not be read");
            }

            if (SaysFailure(ok))
            {
                // A 200 whose body says it failed: a refusal only when it names a reason we know, otherwise unknown.
                return (SmsSendResult?)Refusal(code, text, codeText) ?? new SmsSendResult.Unknown($"HTTP {code} with a body that reports a failure");
            }

            var data = Data(ok);
            return new SmsSendResult.Sent(
                FindString(data, IdNames) ?? FindString(ok, IdNames),
                FindInt(data, SegmentNames) ?? FindInt(ok, SegmentNames),
                FindDecimal(data, CostNames) ?? FindDecimal(ok, CostNames),
                FindString(data, UnitNames) ?? FindString(ok, UnitNames),
                StatusWord(ok));
        }

        // A 5xx is never a refusal, whatever its message says: Robo SMS takes no idempotency key and may have failed
        // after it queued the message.
        return code switch
        {
            401 or 403 => new SmsSendResult.NotSent(SmsRefusal.InvalidKey, codeText),
            402 => new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, codeText),
            429 => new SmsSendResult.NotSent(SmsRefusal.RateLimited, codeText, retryAfterHeader ?? RetryAfterInBody(root)),

            // 408: the server gave up waiting for the request; it is not said that it did not act on what it had.
            408 => new SmsSendResult.Unknown($"HTTP {code}"),
            >= 400 and < 500 => Refusal(code, text, codeText) ?? new SmsSendResult.NotSent(SmsRefusal.BadRequest, codeText),
            _ => new SmsSendResult.Unknown($"HTTP {code}"),
        };
    }

    public static SmsBalanceResult ClassifyBalance(int httpStatus, string? body)
    {
        using var json = TryParse(body);
        var root = json?.RootElement;
        var code = EffectiveCode(httpStatus, root);
        if (code is 401 or 403)
        {
            return new SmsBalanceResult(false, null, null, $"HTTP {code}: Robo SMS rejected the API key", InvalidKey: true);
        }

        if (code is not (>= 200 and < 300))
        {
            return new SmsBalanceResult(false, null, null, $"HTTP {code}");
        }

        if (root is not { ValueKind: JsonValueKind.Object } ok)
        {
            return new SmsBalanceResult(false, null, null, $"HTTP {code} with a body that could not be read");
        }

        var data = Data(ok);
        var balance = FindDecimal(data, BalanceNames) ?? FindDecimal(ok, BalanceNames);
        return balance is { } value
            ? new SmsBalanceResult(true, value, FindString(data, UnitNames) ?? FindString(ok, UnitNames), "ok")
            : new SmsBalanceResult(false, null, null, $"HTTP {code} without a balance");
    }

    // Only a body's numeric status that looks like an HTTP status overrides a 2xx: Robo Call, from the same vendor
    // family, answers 200 with {"status":"401"} and the like.
    private static int EffectiveCode(int http, JsonElement? root)
    {
        if (http is >= 200 and < 300 && root is { ValueKind: JsonValueKind.Object } body)
        {
            foreach (var name in new[] { "status", "code", "status_code", "statusCode" })
            {
                if (AsDecimal(Property(body, name)) is { } status && status == decimal.Floor(status) && status is >= 100 and < 600)
                {
                    return (int)status;
                }
            }
        }

        return http;
    }

    private static SmsSendResult.NotSent? Refusal(int code, string text, string codeText)
    {
        if (text.Contains("balance", StringComparison.Ordinal) || text.Contains("insufficient", StringComparison.Ordinal) || text.Contains("credit", StringComparison.Ordinal))
        {
            return new SmsSendResult.NotSent(SmsRefusal.OutOfBalance, codeText);
        }

        if (text.Contains("api key", StringComparison.Ordinal) || text.Contains("api_key", StringComparison.Ordinal) || text.Contains("unauthori", StringComparison.Ordinal))
        {
            return new SmsSendResult.NotSent(SmsRefusal.InvalidKey, codeText);
        }

        if (text.Contains("sender", StringComparison.Ordinal) || text.Contains("mask", StringComparison.Ordinal) || text.Contains("short code", StringComparison.Ordinal) || text.Contains("shortcode", StringComparison.Ordinal))
        {
            return new SmsSendResult.NotSent(SmsRefusal.InvalidSender, codeText);
        }

        // "Missing parameters: to" is our bug (BadRequest); "invalid number" is the customer's number.
        if (!text.Contains("missing", StringComparison.Ordinal)
            && (text.Contains("number", StringComparison.Ordinal) || text.Contains("mobile", StringComparison.Ordinal) || text.Contains("recipient", StringComparison.Ordinal) || text.Contains("msisdn", StringComparison.Ordinal) || text.Contains("phone", StringComparison.Ordinal)))
        {
            return new SmsSendResult.NotSent(SmsRefusal.InvalidNumber, codeText);
        }

        return code is >= 400 and < 500 ? new SmsSendResult.NotSent(SmsRefusal.BadRequest, codeText) : null;
    }

    private static bool SaysFailure(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (Property(root, "success") is { ValueKind: JsonValueKind.False } || Property(root, "error") is { ValueKind: JsonValueKind.True })
        {
            return true;
        }

        return StatusWord(root) is { } word && word.ToLowerInvariant() is "error" or "failed" or "fail" or "failure" or "false";
    }

    // A non-numeric status ("success", "queued"): kept on the result for the timeline.
    private static string? StatusWord(JsonElement root)
        => root.ValueKind == JsonValueKind.Object && Property(root, "status") is { ValueKind: JsonValueKind.String } status
            && status.GetString() is { Length: > 0 and <= 32 } word && !decimal.TryParse(word, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? word
            : null;

    private static TimeSpan? RetryAfterInBody(JsonElement? root)
    {
        if (root is not { ValueKind: JsonValueKind.Object } body)
        {
            return null;
        }

        var seconds = FindDecimal(Data(body), ["retry_after", "retryAfter"]) ?? FindDecimal(body, ["retry_after", "retryAfter"]);
        return seconds is > 0 and < 86_400 ? TimeSpan.FromSeconds((double)seconds.Value) : null;
    }

    // "data" when it is an object (or the first object of an array, a bulk send's first receipt); else the root.
    private static JsonElement Data(JsonElement root)
    {
        var data = root.ValueKind == JsonValueKind.Object ? Property(root, "data") : root;
        return data switch
        {
            { ValueKind: JsonValueKind.Object } d => d,
            { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() > 0 && a[0].ValueKind == JsonValueKind.Object => a[0],
            _ => root,
        };
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? FindString(JsonElement element, string[] names)
    {
        foreach (var name in names)
        {
            var value = Property(element, name);
            var text = value?.ValueKind switch
            {
                JsonValueKind.String => value.Value.GetString()?.Trim(),
                JsonValueKind.Number => value.Value.GetRawText(),
                _ => null,
            };
            if (!string.IsNullOrEmpty(text))
            {
                return text;
            }
        }

        return null;
    }

    private static int? FindInt(JsonElement element, string[] names)
        => FindDecimal(element, names) is { } value && value == decimal.Floor(value) && value is >= 0 and <= int.MaxValue ? (int)value : null;

    private static decimal? FindDecimal(JsonElement element, string[] names)
    {
        foreach (var name in names)
        {
            if (AsDecimal(Property(element, name)) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static decimal? AsDecimal(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Number => value.Value.TryGetDecimal(out var number) ? number : null,
        JsonValueKind.String => decimal.TryParse(value.Value.GetString()?.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        _ => null,
    };

    // Every string value in the body (messages, errors), to look for the words that name a refusal's reason.
    private static string Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Object => string.Join(' ', element.EnumerateObject().Select(p => Texts(p.Value))),
        JsonValueKind.Array => string.Join(' ', element.EnumerateArray().Select(Texts)),
        _ => "",
    };

    private static JsonDocument? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
