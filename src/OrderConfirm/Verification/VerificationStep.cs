namespace OrderConfirm.Verification;

// What the engine does next with a verification. Every job moves a row from one step to the next with a
// conditional update, so a second run of the same job (or the same job on another server) finds nothing to do.
// Every transition between the steps, who makes it and its guard: docs/verification-states.md.
public static class VerificationStep
{
    // Waiting for its call time; PlaceCall is due at due_at.
    public const string Call = "call";

    // The dial was recorded and the HTTP request sent; no call_id stored yet. Never redialled automatically.
    public const string Dialing = "dialing";

    // Robo Call accepted the call; PollCalls reads its status at due_at.
    public const string Poll = "poll";

    // The outcome is final; ApplyOutcome writes it back to the shop at due_at.
    public const string Apply = "apply";

    // Nothing left to do.
    public const string Done = "done";
}
