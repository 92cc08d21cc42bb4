using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Hands a fallback SMS that is due later (outside calling hours) to Robase at once, as a scheduled send at the time
/// it is due, instead of holding it in our queue until then: claimed like any send, recorded as 'scheduled' with
/// Robase's message id and send time, and cancelled by SmsFallbackCanceller if the customer answers first. Why at the
/// unanswered attempt and not at the dial: docs/adr/0010-sms-in-batches.md.
public sealed class SmsScheduler(
    VerificationRepository verifications,
    StoreRepository stores,
    StoreZones zones,
    SmsGateways gateways,
    SmsPauses pauses,
    SmsMessageRepository messages,
    SmsScheduledSends scheduled,
    SmsSender sender,
    SmsRenderer renderer,
    SmsFallbackCanceller canceller,
    IOptionsMonitor<SmsOptions> options,
    TimeProvider clock)
{
    // Robase documents "Max lead time: 30 days"; a day less leaves room for clocks that disagree.
    private static readonly TimeSpan MaxLead = TimeSpan.FromDays(29);

    /// True when the SMS is taken care of (scheduled, or its outcome is recorded, or the claim found it sent or dropped);
    /// false when it should wait in our queue as before: the store's gateway is not Robase or is paused, or Robase
    /// certainly did not take it and the fallback gateway (which cannot schedule) is to send it at sendAt.
    public async Task<bool> ScheduleAsync(long verificationId, string smsEvent, DateTimeOffset sendAt, CancellationToken cancellationToken)
    {
        if (smsEvent != SmsEvents.Fallback || sendAt - clock.GetUtcNow() > MaxLead
            || await verifications.GetAsync(verificationId, cancellationToken) is not { } verification
            || await stores.GetAsync(verification.StoreId, cancellationToken) is not { } store
            || gateways.For(store.SmsProvider) is not { Provider: SmsProviders.Robase } gateway
            || store.Secrets.SmsApiKey is not { Length: > 0 } apiKey
            || !store.Settings.Section<SmsSettings>().EventOn(smsEvent)
            || await pauses.GetAsync(store.Id, gateway.Provider, cancellationToken) is not null
            || await sender.PrepareAsync(verification, store, smsEvent, cancellationToken) is not { } prepared)
        {
            return false;
        }

        var key = SmsSender.IdempotencyKey(verificationId, smsEvent, SmsSlots.Primary);
        var claim = await messages.TryClaimAsync(verificationId, smsEvent, SmsSlots.Primary, gateway.Provider, key, prepared.Shape, options.CurrentValue.MaxAge, zones.Of(store), cancellationToken);
        if (claim.Key is not { } claimedKey)
        {
            // Dropped (said by the claim) or already claimed: nothing to schedule. A primary refused earlier is not
            // ours to judge here: the wait in the queue takes it to the fallback gateway.
            return claim.Dropped is not null || await messages.RecordedRefusalAsync(verificationId, smsEvent, SmsSlots.Primary, cancellationToken) is null;
        }

        var text = prepared.LinkPlaceholder is { } placeholder
            ? prepared.Text.Replace(placeholder, await renderer.MintLinkAsync(verificationId, CancellationToken.None), StringComparison.Ordinal)
            : prepared.Text;
        var message = new SmsMessage(prepared.Phone, text, store.SmsFrom, claimedKey, prepared.Shape.Encoding, sendAt);
        var result = await gateway.SendAsync(new SmsCredentials(apiKey), message, CancellationToken.None);
        await sender.RecordAsync(verificationId, smsEvent, SmsSlots.Primary, gateway.Provider, store.Id, prepared.Shape, result);
        if (result is SmsSendResult.Sent)
        {
            await scheduled.MarkAsync(verificationId, smsEvent, SmsSlots.Primary, sendAt, CancellationToken.None);
            await verifications.AddEventAsync(
                verificationId,
                "sms",
                $"SMS {smsEvent} is held by {gateway.Provider} until {TimeZones.Stamp(sendAt, zones.Of(store))} (calling hours); it is cancelled if the customer answers first",
                CancellationToken.None);

            // An answer that came while the request was out found nothing scheduled yet: look once more now.
            await canceller.CancelIfAnsweredAsync(verificationId, CancellationToken.None);
        }

        return !SmsSender.FailsOver(result);
    }
}
