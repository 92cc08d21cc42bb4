using System.Globalization;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// What the claim reads about a verification and its order at the moment an event's SMS would go out. DueSince: when
/// the SMS became due or was first handed to a gateway, whichever is earlier (null: neither is known).
public sealed record SmsFacts(string Status, string? Outcome, string? DecidedBy, string? ClosedReason, long? DueSince);

/// Whether an event's SMS still says something true ("The customer's answer wins"). An SMS queued for one state of the
/// order can wait for calling hours or for credit while the order moves on: the customer answers by link, the merchant
/// cancels the order, the no-answer policy decides. And a text that arrives days late helps nobody. The sender asks
/// this before it waits and the claim asks it again in the transaction that claims the send.
public static class SmsRelevance
{
    /// Why the SMS must not go out now, or null when it may; a time in the reason is in the store's zone.
    public static string? WhyDropped(string smsEvent, SmsFacts facts, DateTimeOffset now, TimeSpan maxAge, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(facts);

        // A closed order gets no text, except the cancelled one for an order that is cancelled: our own write-back (or
        // the merchant) did what the text says.
        if (facts.ClosedReason is { } closed && !(smsEvent == SmsEvents.Cancelled && closed == "cancelled"))
        {
            return $"the order was {closed} in the shop";
        }

        // A write-back the shop refused leaves needs-attention over the outcome, which is still what happened.
        var state = facts.Status == VerificationStatus.NeedsAttention ? facts.Outcome : facts.Status;
        if (!Describes(smsEvent, state))
        {
            return $"the verification is now {facts.Status}{By(facts.DecidedBy)}";
        }

        if (facts.DueSince is { } since && UnixTime.FromMs(since) + maxAge <= now)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it has waited since {TimeZones.Stamp(UnixTime.FromMs(since), zone)}, longer than Sms:MaxAge ({maxAge:c})");
        }

        return null;
    }

    // received: "you will get a call", only before any answer. fallback: "we could not reach you, please confirm", while
    // no answer or decision exists (pending again for a re-attempt, calling, unanswered, or a dial whose outcome is
    // unknown). confirmed and cancelled: only while that is the outcome.
    private static bool Describes(string smsEvent, string? state) => smsEvent switch
    {
        SmsEvents.Received => state is VerificationStatus.Pending or VerificationStatus.Calling,
        SmsEvents.Fallback => state is null or VerificationStatus.Pending or VerificationStatus.Calling
            or VerificationStatus.Unreachable or VerificationStatus.NoInput,
        SmsEvents.Confirmed => state == VerificationStatus.Confirmed,
        SmsEvents.Cancelled => state == VerificationStatus.Cancelled,
        _ => false,
    };

    private static string By(string? decidedBy) => decidedBy switch
    {
        Deciders.Link => " (answered on the confirm link)",
        Deciders.NoAnswerPolicy => " (decided by the store's no-answer policy)",
        Deciders.Operator or Deciders.Owner => $" (decided by hand by {Deciders.Person(decidedBy)})",
        _ => "",
    };
}
