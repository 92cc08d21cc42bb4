using Hangfire;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Queues a verification's SMS for an event when its store texts customers. Queuing twice is harmless (the send is
/// claimed once), so callers queue at every moment the event may have happened.
public sealed partial class SmsDispatcher(IBackgroundJobClient jobs, ILogger<SmsDispatcher> logger)
{
    /// The SMS event a call outcome leads to, or null (callback: the shop calls the customer itself).
    public static string? EventFor(string outcome) => outcome switch
    {
        VerificationStatus.Confirmed => SmsEvents.Confirmed,
        VerificationStatus.Cancelled => SmsEvents.Cancelled,
        VerificationStatus.Unreachable or VerificationStatus.NoInput => SmsEvents.Fallback,
        _ => null,
    };

    public void Queue(Store store, long verificationId, string? smsEvent)
    {
        if (smsEvent is null || store.SmsProvider == SmsProviders.None || !store.Settings.SmsEventOn(smsEvent))
        {
            return;
        }

        try
        {
            jobs.Enqueue<SendSmsJob>(j => j.RunAsync(verificationId, smsEvent, CancellationToken.None));
        }
#pragma warning disable CA1031 // an SMS that could not be queued must not fail the order's intake or its write-back
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogQueueFailed(logger, smsEvent, verificationId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Event} SMS of verification {Id} could not be queued ({Error})")]
    private static partial void LogQueueFailed(ILogger logger, string @event, long id, string error);
}
