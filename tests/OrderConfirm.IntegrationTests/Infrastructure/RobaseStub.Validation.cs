using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// What Robase's documents say it refuses, and how: a number not in E.164, a sender id over 11 alphanumerics, an
/// empty or over-long body without a template, send_at past 30 days; each a 400 with the error's type and field.
public sealed partial class RobaseStub
{
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
