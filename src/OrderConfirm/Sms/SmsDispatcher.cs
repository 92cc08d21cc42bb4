using Hangfire;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Queues a verification's SMS for an event when its store texts customers. The SMS is first recorded as due
/// (sms_due), so a lost job is found again by the SMS sweep; queuing twice is harmless (the send is claimed once), so
/// callers queue at every moment the event may have happened.
public sealed partial class SmsDispatcher(SmsDue due, IBackgroundJobClient jobs, ILogger<SmsDispatcher> logger)
{
    /// The SMS event a call outcome leads to, or null (callback: the shop calls the customer itself).
    public static string? EventFor(string outcome) => outcome switch
    {
        VerificationStatus.Confirmed => SmsEvents.Confirmed,
        VerificationStatus.Cancelled => SmsEvents.Cancelled,
        VerificationStatus.Unreachable or VerificationStatus.NoInput => SmsEvents.Fallback,
        _ => null,
    };

    public static bool Texts(Store store, string? smsEvent)
        => smsEvent is not null && store.SmsProvider != SmsProviders.None && store.Settings.Section<SmsSettings>().EventOn(smsEvent);

    /// Records the SMS as due and queues its job. A database that cannot record it fails the caller, whose own retry
    /// (or the engine's sweeper) comes back here.
    public async Task QueueAsync(Store store, long verificationId, string? smsEvent, CancellationToken cancellationToken)
    {
        if (!Texts(store, smsEvent))
        {
            return;
        }

        await due.AddAsync(verificationId, smsEvent!, cancellationToken);
        Enqueue(verificationId, smsEvent!);
    }

    /// Queues the job of an SMS already recorded as due. A queue that cannot take it costs a delay, not the SMS.
    public void Enqueue(long verificationId, string smsEvent)
    {
        try
        {
            jobs.Enqueue<SendSmsJob>(j => j.RunAsync(verificationId, smsEvent, CancellationToken.None));
        }
#pragma warning disable CA1031 // the SMS is recorded as due; the SMS sweep queues it again
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogQueueFailed(logger, smsEvent, verificationId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Event} SMS of verification {Id} could not be queued ({Error}); the SMS sweep will queue it")]
    private static partial void LogQueueFailed(ILogger logger, string @event, long id, string error);
}
