using System.Globalization;
using OrderConfirm.Verification;

namespace OrderConfirm.WooCommerce;

/// The internal order note that records a call's outcome for the merchant: the result, when the call was placed (in the
/// store's time zone) and Robo Call's call id, never the phone. Its marker names the verification, the call and the
/// outcome, so a write-back that runs again finds its own note instead of adding a second one, while a redial that
/// ends in a new call gets a note of its own.
public static class WooCommerceOutcomeNote
{
    public static string Marker(VerificationRecord verification, string outcome)
        => $"[OrderConfirm ref {verification.Id.ToString(CultureInfo.InvariantCulture)}/{verification.CallId ?? "-"}/{outcome}]";

    public static bool IsAmong(IEnumerable<WooCommerceOrderNote> notes, string marker)
        => notes.Any(n => n.Note is { } text && text.Contains(marker, StringComparison.Ordinal));

    // calledAt: when the call was placed; null when the customer answered on the link page with no call in progress
    // (before the first, or between re-attempts: a re-attempt clears the previous call).
    public static string Text(VerificationRecord verification, string outcome, string statusLine, DateTimeOffset? calledAt, TimeZoneInfo zone)
    {
        var call = calledAt is { } placed
            ? $"Call placed {TimeZones.Local(placed, zone)}, call id {verification.CallId ?? "unknown"}."
            : verification.Attempt switch
            {
                1 => "No call was placed.",
                2 => "The earlier verification call went unanswered.",
                var attempt => string.Create(CultureInfo.InvariantCulture, $"The earlier {attempt - 1} verification calls went unanswered."),
            };
        var result = Deciders.Of(verification) switch
        {
            Deciders.Link => LinkResult(outcome),
            Deciders.NoAnswerPolicy => NoAnswerResult(verification, outcome),
            Deciders.Operator or Deciders.Owner => $"{outcome}. Marked {outcome} by hand in OrderConfirm by {Deciders.Person(verification.DecidedBy)}.",
            _ => Result(outcome),
        };
        return $"OrderConfirm: {result} {statusLine} {call} {Marker(verification, outcome)}";
    }

    // The customer's own answer on the link page.
    private static string LinkResult(string outcome) => outcome switch
    {
        VerificationStatus.Confirmed => "confirmed. The customer confirmed the order on the OrderConfirm link page.",
        VerificationStatus.Cancelled => "cancelled. The customer cancelled the order on the OrderConfirm link page.",
        _ => Result(outcome),
    };

    private static string Result(string outcome) => outcome switch
    {
        VerificationStatus.Confirmed => "confirmed. The customer pressed 1 on the verification call to confirm the order.",
        VerificationStatus.Cancelled => "cancelled. The customer pressed 2 on the verification call to cancel the order.",
        VerificationStatus.Callback => "callback requested. The customer pressed 3 on the verification call to talk to the shop; please call them back.",
        VerificationStatus.NoInput => "no input. The customer answered the verification call but pressed no key.",
        VerificationStatus.Unreachable => "unreachable. The customer could not be reached on the verification call (busy, no answer or hung up, after retries).",
        _ => $"{outcome}.",
    };

    // Decided by the store's no-answer policy: nobody pressed anything, and the note must not say they did.
    private static string NoAnswerResult(VerificationRecord verification, string outcome)
        => $"{outcome}. Nobody answered {NoAnswerRules.Calls(verification.Attempt)}; {(outcome == VerificationStatus.Cancelled ? "cancelled" : "confirmed without an answer")} by the store's no-answer policy.";
}
