namespace OrderConfirm.Verification;

// Hands a verification's current step (a call or a write-back, already recorded as due on the row) to its step runner:
// the verifications table is the queue, and DialDueCallsJob / WriteBackDueOutcomesJob take what is due from it. A row
// still naming a Hangfire job of its own (queued before the runners) lets go of it first, so the sweeper stops
// following that job.
public sealed partial class JobDispatcher(VerificationRepository verifications, DueStepSignals signals, ILogger<JobDispatcher> logger)
{
    public async Task DispatchAsync(long id, string step, DateTimeOffset dueAt, string? expectedJobId, CancellationToken cancellationToken)
    {
        if (step is not (VerificationStep.Call or VerificationStep.Apply))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Only the call and apply steps have runners.");
        }

        if (expectedJobId is not null && !await verifications.ForgetJobIdAsync(id, step, expectedJobId, cancellationToken))
        {
            // The row moved on, or another dispatcher got there first.
            LogSuperseded(logger, id, step);
            return;
        }

        signals.Wake(step, dueAt);
    }

    /// Moves the row's due time (a write-back waiting for another run's turn), then wakes the runner for it.
    public async Task DeferAsync(long id, string step, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (await verifications.DeferStepAsync(id, step, dueAt, cancellationToken))
        {
            signals.Wake(step, dueAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dispatch of verification {Id} ({Step}) was superseded")]
    private static partial void LogSuperseded(ILogger logger, long id, string step);
}
