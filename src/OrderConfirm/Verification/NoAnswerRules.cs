namespace OrderConfirm.Verification;

/// One store's effective re-attempt settings and no-answer policy (its own settings over the Verification:* defaults),
/// and the policies and limits a store may choose from (store settings noAnswerPolicy, reattempts, reattemptAfter).
public sealed record NoAnswerRules(int Reattempts, TimeSpan ReattemptAfter, IReadOnlyList<string> ReattemptOn, string Policy)
{
    // Today's behaviour: the unanswered outcome is written back and a person decides.
    public const string Hold = "hold";

    // The order is cancelled in the shop as if the customer had pressed 2, but worded as "nobody answered".
    public const string Cancel = "cancel";

    // The order is confirmed without an answer: for merchants who would rather ship than lose the sale.
    public const string Confirm = "confirm";

    public static readonly IReadOnlyList<string> Policies = [Hold, Cancel, Confirm];

    // The outcomes a re-attempt may follow. Callback is an answer (the customer wants the shop to call), never this.
    public static readonly IReadOnlyList<string> Unanswered = [VerificationStatus.Unreachable, VerificationStatus.NoInput];

    // The largest reattempts value a store or the defaults may set: more calls than this reads as harassment.
    public const int MaxReattempts = 5;

    public static readonly TimeSpan MinReattemptAfter = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxReattemptAfter = TimeSpan.FromDays(2);

    /// "the verification call" or "3 verification calls": how many calls nobody answered, for notes and the timeline.
    public static string Calls(int attempts)
        => attempts == 1 ? "the verification call" : $"{attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)} verification calls";

    public int TotalAttempts => 1 + Reattempts;

    /// Whether a dial that ended in this outcome on this attempt is followed by another attempt.
    public bool CallsAgain(string outcome, int attempt) => attempt < TotalAttempts && ReattemptOn.Contains(outcome);

    /// Whether the no-answer policy decides this outcome: the last attempt went unanswered in a way re-attempts are
    /// for (with re-attempts off, any unanswered call).
    public bool PolicyDecides(string outcome, int attempt)
        => Unanswered.Contains(outcome)
            && attempt >= TotalAttempts
            && (Reattempts == 0 || ReattemptOn.Contains(outcome));

    /// When the next attempt is due: the delay from now, moved to the next opening of the calling hours when it falls
    /// outside them, so a re-attempt never rings outside the hours the store allows.
    public DateTimeOffset NextAttemptAt(DateTimeOffset now, CallingWindow window, TimeZoneInfo zone)
        => window.NextOpening(now + ReattemptAfter, zone);
}
