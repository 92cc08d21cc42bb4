namespace OrderConfirm.Verification;

// The public state names (docs/verification-states.md). Stored as these strings, so the API and the table agree.
public static class VerificationStatus
{
    public const string Pending = "pending";
    public const string Calling = "calling";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";
    public const string Callback = "callback";
    public const string NoInput = "no-input";
    public const string Unreachable = "unreachable";
    public const string Skipped = "skipped";
    public const string InvalidPhone = "invalid-phone";
    public const string NeedsAttention = "needs-attention";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Pending, Calling, Confirmed, Cancelled, Callback, NoInput, Unreachable, Skipped, InvalidPhone, NeedsAttention,
    };

    // Outcomes of a call that reached a final Robo Call status.
    public static readonly IReadOnlySet<string> CallOutcomes = new HashSet<string>(StringComparer.Ordinal)
    {
        Confirmed, Cancelled, Callback, NoInput, Unreachable,
    };
}
