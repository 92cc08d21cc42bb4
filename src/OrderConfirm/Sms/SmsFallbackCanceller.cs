using Microsoft.Extensions.Options;
using OrderConfirm.Sms.Robase;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Cancels a verification's scheduled sends (the fallback held by Robase) once the text no longer describes the
/// verification: the customer answered (the re-attempt, the link), an operator or the no-answer policy decided. Each
/// ending is recorded once on the row and on the timeline: cancelled; gone out before the answer (Robase's 409: its
/// time had come); or a cancel that failed, which leaves the send scheduled and says the customer may still get it.
public sealed partial class SmsFallbackCanceller(
    VerificationRepository verifications,
    StoreRepository stores,
    StoreZones zones,
    SmsScheduledSends scheduled,
    RobaseMessages robase,
    IOptionsMonitor<SmsOptions> options,
    TimeProvider clock,
    ILogger<SmsFallbackCanceller> logger)
{
    public async Task CancelIfAnsweredAsync(long verificationId, CancellationToken cancellationToken)
    {
        var sends = await scheduled.OfAsync(verificationId, cancellationToken);
        if (sends.Count == 0
            || await verifications.GetAsync(verificationId, cancellationToken) is not { } verification
            || await stores.GetAsync(verification.StoreId, cancellationToken) is not { } store)
        {
            return;
        }

        var zone = zones.Of(store);
        foreach (var send in sends)
        {
            // The shop's order state is not read here: the claim already checked it, and the answer is what cancels.
            var facts = new SmsFacts(verification.Status, verification.Outcome, verification.DecidedBy, null, null);
            if (SmsRelevance.WhyDropped(send.Event, facts, clock.GetUtcNow(), options.CurrentValue.MaxAge, zone) is not { } why
                || send.Provider != SmsProviders.Robase || send.ProviderMessageId is not { } messageId)
            {
                continue;
            }

            var key = send.Slot == SmsSlots.Fallback ? store.Secrets.SmsFallbackApiKey : store.Secrets.SmsApiKey;
            var result = key is { Length: > 0 }
                ? await robase.CancelAsync(new SmsCredentials(key), messageId, CancellationToken.None)
                : new RobaseCancelResult(RobaseCancelOutcome.InvalidKey, null, "the store has no Robase key any more");
            var at = send.SendAt is { } ms ? TimeZones.Stamp(UnixTime.FromMs(ms), zone) : "its time";
            await SettleAsync(verificationId, send, result, why, at);
        }
    }

    private async Task SettleAsync(long verificationId, ScheduledSms send, RobaseCancelResult result, string why, string at)
    {
        var (id, smsEvent, slot) = (verificationId, send.Event, send.Slot);
        switch (result.Outcome)
        {
            case RobaseCancelOutcome.Cancelled:
                if (await scheduled.SettleAsync(id, smsEvent, slot, SmsStatuses.Cancelled, $"cancelled: {why}", CancellationToken.None))
                {
                    await verifications.AddEventAsync(id, "sms", $"SMS {smsEvent} cancelled at {send.Provider} before it went out: {why}", CancellationToken.None);
                }

                break;
            case RobaseCancelOutcome.AlreadySent:
                if (await scheduled.SettleAsync(id, smsEvent, slot, SmsStatuses.Sent, "went out at its time, before the answer", CancellationToken.None))
                {
                    await verifications.AddEventAsync(id, "sms", $"SMS {smsEvent} had already gone out ({at}) when its cancel was asked: {why}", CancellationToken.None);
                }

                break;
            default:
                LogCancelFailed(logger, smsEvent, id, result.Outcome, result.Detail);
                if (await scheduled.NoteCancelFailedAsync(id, smsEvent, slot, $"cancel failed: {result.Outcome}: {result.Detail}", CancellationToken.None))
                {
                    await verifications.AddEventAsync(
                        id,
                        "sms",
                        $"SMS {smsEvent} could not be cancelled at {send.Provider} ({result.Outcome}: {result.Detail}); the customer may still get it at {at} although {why}",
                        CancellationToken.None);
                }

                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled {Event} SMS of verification {Id} could not be cancelled ({Outcome}: {Detail}); the customer may still get it")]
    private static partial void LogCancelFailed(ILogger logger, string @event, long id, RobaseCancelOutcome outcome, string detail);
}
