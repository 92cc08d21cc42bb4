using System.Globalization;

namespace OrderConfirm.Sms;

/// How a send reads on the timeline and in the sender's summary. Never the number, the key or the text.
public static class SmsLines
{
    public static string Timeline(string smsEvent, string provider, SmsText shape, SmsSendResult result)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"SMS {smsEvent} via {provider}, {shape.Segments} segment(s) {shape.Encoding.ToString().ToUpperInvariant()}");
        return result switch
        {
            SmsSendResult.Sent sent => string.Create(CultureInfo.InvariantCulture,
                $"{prefix}: {(sent.Status?.StartsWith(SmsStatuses.Scheduled, StringComparison.Ordinal) == true ? "scheduled" : "sent")}{(sent.Replayed ? " (replayed)" : "")}{(sent.Segments is { } s ? $", gateway counted {s}" : "")}{(sent.Cost is { } c ? $", cost {c} {sent.CostUnit}" : "")}"),
            SmsSendResult.NotSent notSent => $"{prefix}: not sent ({notSent.Refusal}, {notSent.Code})",
            SmsSendResult.Unknown unknown => $"{prefix}: outcome unknown ({unknown.Detail}); it may have been sent and is not sent again by itself",
            _ => prefix,
        };
    }

    public static string Describe(string provider, SmsSendResult? result) => result switch
    {
        null => $"{provider}: already sent or being sent",
        SmsSendResult.Sent => $"{provider}: sent",
        SmsSendResult.NotSent notSent => $"{provider}: not sent ({notSent.Refusal})",
        SmsSendResult.Unknown => $"{provider}: outcome unknown",
        _ => provider,
    };

    public static string Dropped(string why) => $"dropped: {why}";
}
