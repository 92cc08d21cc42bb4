using Hangfire;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Texts the customer for one event of a verification, inside the store's calling hours (a fallback at 23:00 waits
/// for the morning). Arguments are the verification id and the event name only. Safe to run any number of times:
/// the sender's claim lets one run send, so a retry after a crash can only find the claim. An SMS whose gateways are all
/// paused for lack of balance comes back at the next balance check.
public sealed class SendSmsJob(
    SmsSender sender,
    VerificationRepository verifications,
    StoreRepository stores,
    CallPolicies policies,
    IBackgroundJobClient jobs,
    TimeProvider clock)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [VerificationJobName("Text customer for")]
    public async Task RunAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(verificationId, cancellationToken) is not { } verification
            || await stores.GetAsync(verification.StoreId, cancellationToken) is not { } store)
        {
            return;
        }

        var policy = policies.For(store);
        var now = clock.GetUtcNow();
        var opening = policy.Window.NextOpening(now, policy.Zone);
        if (opening > now)
        {
            jobs.Schedule<SendSmsJob>(j => j.RunAsync(verificationId, smsEvent, CancellationToken.None), opening);
            await verifications.AddEventAsync(verificationId, "sms", $"SMS {smsEvent} waits for the store's calling hours ({opening:u})", cancellationToken);
            return;
        }

        // Every gateway of the store is paused for lack of balance: the SMS comes back when its balance is checked.
        if ((await sender.SendAsync(verificationId, smsEvent, cancellationToken)).WaitUntil is { } waitUntil)
        {
            jobs.Schedule<SendSmsJob>(j => j.RunAsync(verificationId, smsEvent, CancellationToken.None), waitUntil);
        }
    }
}
