namespace OrderConfirm.Verification;

/// A store's call settings (its part of the store settings): each overrides its Verification:* default; null means
/// the default.
public sealed record CallSettings
{
    public TimeSpan? CallDelay { get; init; }

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan? GiveUpAfter { get; init; }

    public string? CallingHours { get; init; }

    public string? TimeZone { get; init; }

    // Extra dials after the first when nobody answered (0 to 5); default Verification:Reattempts.
    public int? Reattempts { get; init; }

    // Wait before each re-attempt, moved into the calling hours; default Verification:ReattemptAfter.
    public TimeSpan? ReattemptAfter { get; init; }

    // Which outcomes are re-attempted: unreachable and/or no-input (never callback, an answer).
    public IReadOnlyList<string>? ReattemptOn { get; init; }

    // hold, cancel or confirm once the last attempt went unanswered; default Verification:NoAnswerPolicy (hold).
    public string? NoAnswerPolicy { get; init; }

    // Orders below / above these amounts are recorded as skipped, never called.
    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }
}
