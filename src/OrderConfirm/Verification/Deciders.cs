namespace OrderConfirm.Verification;

/// Who gave a verification its outcome (verifications.decided_by). The write-backs and the timeline word the outcome
/// by it: "pressed 1 on the call" and "confirmed on the link page" are different facts for a merchant.
public static class Deciders
{
    public const string Call = "call";
    public const string Link = "link";
    public const string NoAnswerPolicy = "no-answer-policy";
    public const string Operator = "operator";

    public static string Of(VerificationRecord verification) => verification.DecidedBy ?? Call;
}
