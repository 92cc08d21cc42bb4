using Hangfire;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Texts the customer for one event of a verification, inside the store's calling hours (a fallback at 23:00 waits
/// for the morning). Arguments are the verification id and the event name only. Safe to run any number of times:
/// the sender's claim lets one run send, so a retry after a crash can only find the claim. An SMS whose gateways are all
/// paused for lack of balance comes back at the next balance check. Its sms_due row follows it: moved while it waits,
/// removed once it has run (in the version this run found, so a duplicate run never removes the row of the run that
/// owns the send), so the SMS sweep only ever re-drives a job that was lost.
public sealed class SendSmsJob(
    SmsSender sender,
    SmsScheduler scheduler,
    SmsDue due,
    VerificationRepository verifications,
    StoreRepository stores,
    CallPolicyResolver policies,
    IBackgroundJobClient jobs,
    TimeProvider clock)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [VerificationJobName("Text customer for")]
    public async Task RunAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        // The row as this run found it: the run removes that version only, never one another run has moved since.
        var owned = await due.VersionAsync(verificationId, smsEvent, cancellationToken);
        await RunOwnedAsync(verificationId, smsEvent, owned, cancellationToken);
    }

    /// The run itself, for a caller that already holds the row's version (the batch job, for an SMS it sends alone).
    public async Task RunOwnedAsync(long verificationId, string smsEvent, long? owned, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(verificationId, cancellationToken) is not { } verification
            || await stores.GetAsync(verification.StoreId, cancellationToken) is not { } store)
        {
            await due.DoneAsync(verificationId, smsEvent, owned, cancellationToken);
            return;
        }

        var policy = policies.For(store);
        var now = clock.GetUtcNow();
        var opening = policy.Window.NextOpening(now, policy.Zone);
        if (opening > now)
        {
            // A fallback through Robase is handed over now and held there until the opening (cancelled on an answer).
            if (await scheduler.ScheduleAsync(verificationId, smsEvent, opening, cancellationToken))
            {
                await due.DoneAsync(verificationId, smsEvent, owned, cancellationToken);
                return;
            }

            await WaitAsync(verificationId, smsEvent, opening, cancellationToken);
            await verifications.AddEventAsync(verificationId, "sms", $"SMS {smsEvent} waits for the store's calling hours ({TimeZones.Stamp(opening, policy.Zone)})", cancellationToken);
            return;
        }

        // Every gateway of the store is paused for lack of balance: the SMS comes back when its balance is checked.
        if ((await sender.SendAsync(verificationId, smsEvent, cancellationToken)).WaitUntil is { } waitUntil)
        {
            await WaitAsync(verificationId, smsEvent, waitUntil, cancellationToken);
            return;
        }

        await due.DoneAsync(verificationId, smsEvent, owned, cancellationToken);
    }

    private async Task WaitAsync(long verificationId, string smsEvent, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await due.MoveAsync(verificationId, smsEvent, until, cancellationToken);
        jobs.Schedule<SendSmsJob>(j => j.RunAsync(verificationId, smsEvent, CancellationToken.None), until);
    }
}
