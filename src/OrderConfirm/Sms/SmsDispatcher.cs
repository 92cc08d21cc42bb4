using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Queues a verification's SMS for an event when its store texts customers. The SMS is first recorded as due
/// (sms_due), so nothing is lost with a job; then the batch job ("Send due SMS in batches") is signalled, and it sends
/// every SMS due by then, a burst in a few batch requests. Signals are coalesced: while one batch job is queued and has
/// not started, more SMS only join it (it reads sms_due when it starts). Queuing twice is harmless (the send is
/// claimed once), so callers queue at every moment the event may have happened.
public sealed partial class SmsDispatcher(
    SmsDue due, SmsScheduledSends scheduled, IBackgroundJobClient jobs, IOptionsMonitor<SmsOptions> options, TimeProvider clock, ILogger<SmsDispatcher> logger)
{
    // A signal older than this (past the run's gathering wait) is sent again even if no batch job here has started
    // since: the job may have run on another instance, which does not clear this one's flag. The recurring run
    // catches anything missed meanwhile.
    private static readonly TimeSpan SignalStaleAfter = TimeSpan.FromSeconds(2);

    // The batch job queued by a signal and not started yet, which later signals join.
    private readonly CoalescedEnqueue _batchJob = new();

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
        // An outcome other than no-answer: a fallback still held by the gateway may no longer be true. The cancel job
        // is queued only when there is a scheduled send, and decides itself whether the text still describes the order.
        if (smsEvent != SmsEvents.Fallback && (await scheduled.OfAsync(verificationId, cancellationToken)).Count > 0)
        {
            jobs.Enqueue<CancelScheduledSmsJob>(j => j.RunAsync(verificationId, CancellationToken.None));
        }

        if (!Texts(store, smsEvent))
        {
            return;
        }

        await due.AddAsync(verificationId, smsEvent!, cancellationToken);
        Enqueue(verificationId, smsEvent!);
    }

    /// Signals the batch job for an SMS already recorded as due. A queue that cannot take it costs a delay (the
    /// recurring run), not the SMS.
    public void Enqueue(long verificationId, string smsEvent)
        => _batchJob.Signal(clock.GetUtcNow().ToUnixTimeMilliseconds(), options.CurrentValue.BatchGather + SignalStaleAfter, () =>
        {
            try
            {
                jobs.Enqueue<SendDueSmsJob>(j => j.RunAsync(CancellationToken.None));
                return true;
            }
#pragma warning disable CA1031 // the SMS is recorded as due; the recurring run sends it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogQueueFailed(logger, smsEvent, verificationId, ex.GetType().Name);
                return false;
            }
        });

    /// A batch job is starting: SMS recorded as due from now on need a signal of their own.
    public void BatchStarted() => _batchJob.Started();

    /// Queues the single job of one SMS (the sweep's re-drive of an SMS whose run was lost).
    public void EnqueueSingle(long verificationId, string smsEvent)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Event} SMS of verification {Id} could not be queued ({Error}); the recurring run or the SMS sweep will send it")]
    private static partial void LogQueueFailed(ILogger logger, string @event, long id, string error);
}
