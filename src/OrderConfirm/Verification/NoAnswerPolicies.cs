namespace OrderConfirm.Verification;

/// What a store does with an order once its last attempt went unanswered (store setting noAnswerPolicy).
public static class NoAnswerPolicies
{
    // Today's behaviour: the unanswered outcome is written back and a person decides.
    public const string Hold = "hold";

    // The order is cancelled in the shop as if the customer had pressed 2, but worded as "nobody answered".
    public const string Cancel = "cancel";

    // The order is confirmed without an answer: for merchants who would rather ship than lose the sale.
    public const string Confirm = "confirm";

    public static readonly IReadOnlyList<string> All = [Hold, Cancel, Confirm];

    // The outcomes a re-attempt may follow. Callback is an answer (the customer wants the shop to call), never this.
    public static readonly IReadOnlyList<string> Unanswered = [VerificationStatus.Unreachable, VerificationStatus.NoInput];

    // The largest reattempts value a store or the defaults may set: more calls than this reads as harassment.
    public const int MaxReattempts = 5;

    public static readonly TimeSpan MinReattemptAfter = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxReattemptAfter = TimeSpan.FromDays(2);

    /// "the verification call" or "3 verification calls": how many calls nobody answered, for notes and the timeline.
    public static string Calls(int attempts)
        => attempts == 1 ? "the verification call" : $"{attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)} verification calls";
}
