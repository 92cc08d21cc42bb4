namespace OrderConfirm.Verification;

/// Who gave a verification its outcome (verifications.decided_by). The write-backs and the timeline word the outcome
/// by it: "pressed 1 on the call" and "confirmed on the link page" are different facts for a merchant.
public static class Deciders
{
    public const string Call = "call";
    public const string Link = "link";
    public const string NoAnswerPolicy = "no-answer-policy";

    /// A person of the service: the operator's stop, or an outcome marked by hand.
    public const string Operator = "operator";

    /// A store owner's login: their stop, or an outcome they marked by hand.
    public const string Owner = "owner";

    public static string Of(VerificationRecord verification) => verification.DecidedBy ?? Call;

    /// A person decided (an operator or a store owner), not the customer or a rule.
    public static bool ByHand(string? decidedBy) => decidedBy is Operator or Owner;

    /// The person, in the words the shop's note and the timeline use.
    public static string Person(string? decidedBy) => decidedBy == Owner ? "the store owner" : "an operator";
}
