using Hangfire;

namespace OrderConfirm.Verification;

// Puts the job for a verification's current step on the queue and records its id on the row, so the sweeper can
// tell a live job from a lost one.
public sealed partial class JobDispatcher(IBackgroundJobClient jobs, VerificationRepository verifications, TimeProvider clock, ILogger<JobDispatcher> logger)
{
    public async Task DispatchAsync(long id, string step, DateTimeOffset dueAt, string? expectedJobId, CancellationToken cancellationToken)
    {
        var immediate = dueAt <= clock.GetUtcNow().AddSeconds(1);
        var jobId = step switch
        {
            VerificationStep.Call when immediate => jobs.Enqueue<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None)),
            VerificationStep.Call => jobs.Schedule<PlaceCallJob>(j => j.RunAsync(id, CancellationToken.None), dueAt),
            VerificationStep.Apply when immediate => jobs.Enqueue<ApplyOutcomeJob>(j => j.RunAsync(id, CancellationToken.None)),
            VerificationStep.Apply => jobs.Schedule<ApplyOutcomeJob>(j => j.RunAsync(id, CancellationToken.None), dueAt),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Only the call and apply steps run as their own jobs."),
        };

        if (!await verifications.SetJobIdAsync(id, step, expectedJobId, jobId, cancellationToken))
        {
            // The row moved on, or another dispatcher got there first; the job would only find nothing to do.
            jobs.Delete(jobId);
            LogSuperseded(logger, id, step);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job for verification {Id} ({Step}) was superseded before it was recorded")]
    private static partial void LogSuperseded(ILogger logger, long id, string step);
}
