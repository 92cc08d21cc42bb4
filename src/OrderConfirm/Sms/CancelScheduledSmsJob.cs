using Hangfire;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Cancels the scheduled fallback SMS of a verification that got an answer first. Queued only when the verification
/// has a scheduled send. Argument: the verification id only. Not retried by Hangfire: the Robase client already
/// retries the cancel (it is safe to repeat), and a cancel that still fails is recorded on the row and the timeline
/// for a person, rather than tried again in the background while the send time comes closer.
public sealed class CancelScheduledSmsJob(SmsFallbackCanceller canceller)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [VerificationJobName("Cancel the scheduled SMS of")]
    public Task RunAsync(long verificationId, CancellationToken cancellationToken)
        => canceller.CancelIfAnsweredAsync(verificationId, cancellationToken);
}
