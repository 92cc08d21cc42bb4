namespace OrderConfirm.Verification;

/// One store's effective re-attempt settings and no-answer policy (its own settings over the Verification:* defaults).
public sealed record NoAnswerRules(int Reattempts, TimeSpan ReattemptAfter, IReadOnlyList<string> ReattemptOn, string Policy)
{
    public int TotalAttempts => 1 + Reattempts;

    /// Whether a dial that ended in this outcome on this attempt is followed by another attempt.
    public bool CallsAgain(string outcome, int attempt) => attempt < TotalAttempts && ReattemptOn.Contains(outcome);

    /// Whether the no-answer policy decides this outcome: the last attempt went unanswered in a way re-attempts are
    /// for (with re-attempts off, any unanswered call).
    public bool PolicyDecides(string outcome, int attempt)
        => NoAnswerPolicies.Unanswered.Contains(outcome)
            && attempt >= TotalAttempts
            && (Reattempts == 0 || ReattemptOn.Contains(outcome));

    /// When the next attempt is due: the delay from now, moved to the next opening of the calling hours when it falls
    /// outside them, so a re-attempt never rings outside the hours the store allows.
    public DateTimeOffset NextAttemptAt(DateTimeOffset now, CallingWindow window, TimeZoneInfo zone)
        => window.NextOpening(now + ReattemptAfter, zone);
}
