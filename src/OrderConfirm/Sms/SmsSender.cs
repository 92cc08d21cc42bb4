using System.Globalization;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Sms;

/// Sends one event's SMS for one verification, at most once: the send is claimed in sms_messages and committed before
/// the request, so a job that runs twice, a duplicate webhook or a second instance finds the claim and stops. A
/// definite failure of the store's gateway goes through its fallback gateway (a claim of its own); an unknown outcome
/// never does, and is never sent again by itself. A gateway that ran out of balance is paused for the store: nothing
/// is claimed through it until a balance check shows credit, and an SMS with no gateway left to take it waits. An SMS
/// whose event no longer describes the verification and the order (an answer came, the shop closed the order, it is
/// older than Sms:MaxAge) is dropped with a timeline line: looked at before anything waits, and decided in the claim.
public sealed partial class SmsSender(
    VerificationRepository verifications,
    StoreRepository stores,
    StoreZones zones,
    SmsMessageRepository messages,
    SmsGateways gateways,
    SmsPauses pauses,
    SmsRenderer renderer,
    SecretProtector protector,
    IOptionsMonitor<SmsOptions> options,
    OrderConfirmMetrics metrics,
    TimeProvider clock,
    ILogger<SmsSender> logger)
{
    // Failures after which the customer certainly got nothing and another gateway may do better. An invalid number or
    // a request the gateway found malformed would fail there too.
    private static readonly HashSet<SmsRefusal> FailOver =
    [
        SmsRefusal.InvalidKey, SmsRefusal.OutOfBalance, SmsRefusal.InvalidSender, SmsRefusal.RateLimited,
        SmsRefusal.NoDevice, SmsRefusal.NotSent,
    ];

    public async Task<SmsSendOutcome> SendAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(verificationId, cancellationToken) is not { } verification)
        {
            return new("the verification no longer exists");
        }

        if (await stores.GetAsync(verification.StoreId, cancellationToken) is not { } store)
        {
            return new("the store no longer exists");
        }

        if (gateways.For(store.SmsProvider) is not { } gateway || store.Secrets.SmsApiKey is not { Length: > 0 } apiKey)
        {
            return new("the store sends no SMS");
        }

        if (!store.Settings.Section<SmsSettings>().EventOn(smsEvent))
        {
            return new($"the store has the {smsEvent} SMS off");
        }

        var maxAge = options.CurrentValue.MaxAge;
        if (await messages.DropIfStaleAsync(verification.Id, smsEvent, maxAge, zones.Of(store), cancellationToken) is { } stale)
        {
            return new(SmsLines.Dropped(stale));
        }

        if (await PrepareAsync(verification, store, smsEvent, cancellationToken) is not { } prepared)
        {
            return new("no mobile number to text");
        }

        var (phone, text, linkPlaceholder, shape) = prepared;
        var primaryCredentials = new SmsCredentials(apiKey);
        var primaryHeld = await HeldUntilAsync(verification, smsEvent, store, gateway, primaryCredentials, cancellationToken);
        SmsSendResult? primary = null;
        if (primaryHeld is null)
        {
            // A run that finds the primary claimed reads what became of it: a definite failure recorded by an earlier
            // run (one that stopped before the fallback, or found the fallback paused) still goes on to the fallback.
            var (sent, dropped) = await SendThroughAsync(verification, smsEvent, SmsSlots.Primary, gateway, primaryCredentials, store, phone, text, linkPlaceholder, shape, maxAge, cancellationToken);
            if (dropped is not null)
            {
                return new(SmsLines.Dropped(dropped));
            }

            primary = sent ?? await messages.RecordedRefusalAsync(verification.Id, smsEvent, SmsSlots.Primary, cancellationToken);
            if (!FailsOver(primary))
            {
                return new(SmsLines.Describe(gateway.Provider, primary));
            }

            primaryHeld = HeldBy(primary);
        }

        var first = primary is null ? $"{gateway.Provider}: paused for this store" : SmsLines.Describe(gateway.Provider, primary);
        if (gateways.For(store.SmsFallbackProvider) is not { } fallback || store.Secrets.SmsFallbackApiKey is not { Length: > 0 } fallbackKey)
        {
            return await WaitOrGiveUpAsync(verification.Id, zones.Of(store), smsEvent, first, primaryHeld, null, cancellationToken);
        }

        var fallbackCredentials = new SmsCredentials(fallbackKey);
        if (await HeldUntilAsync(verification, smsEvent, store, fallback, fallbackCredentials, cancellationToken) is { } fallbackHeld)
        {
            return await WaitOrGiveUpAsync(verification.Id, zones.Of(store), smsEvent, $"{first}; fallback: {fallback.Provider}: paused for this store", primaryHeld, fallbackHeld, cancellationToken);
        }

        var (fallbackSent, fallbackDropped) = await SendThroughAsync(verification, smsEvent, SmsSlots.Fallback, fallback, fallbackCredentials, store, phone, text, linkPlaceholder, shape, maxAge, cancellationToken);
        if (fallbackDropped is not null)
        {
            return new($"{first}; fallback: {SmsLines.Dropped(fallbackDropped)}");
        }

        var second = fallbackSent ?? await messages.RecordedRefusalAsync(verification.Id, smsEvent, SmsSlots.Fallback, cancellationToken);
        var summary = $"{first}; fallback: {SmsLines.Describe(fallback.Provider, second)}";
        return second is SmsSendResult.NotSent { Refusal: var fallbackRefusal } && FailOver.Contains(fallbackRefusal)
            ? await WaitOrGiveUpAsync(verification.Id, zones.Of(store), smsEvent, summary, primaryHeld, HeldBy(second), cancellationToken)
            : new(summary);
    }

    /// True when the gateway certainly did not send and another gateway may do better.
    public static bool FailsOver(SmsSendResult? result) => result is SmsSendResult.NotSent { Refusal: var refusal } && FailOver.Contains(refusal);

    /// The number and the text of an event's SMS; null when the verification has no mobile number to text. The
    /// text holds LinkPlaceholder (when not null) until the send is claimed and a link is minted.
    public async Task<PreparedSms?> PrepareAsync(VerificationRecord verification, Store store, string smsEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        if (verification.Phone is null
            || !PakistaniMobile.TryNormalize(protector.Unprotect(verification.Phone, ProtectionPurposes.Phone), out var phone))
        {
            return null;
        }

        var customer = verification.CustomerName is null ? "" : protector.Unprotect(verification.CustomerName, ProtectionPurposes.CustomerName);
        var (text, linkPlaceholder) = await renderer.RenderAsync(store, verification, smsEvent, customer, cancellationToken);
        return new PreparedSms(phone, text, linkPlaceholder, SmsText.Of(text));
    }

    // A refusal for balance paused the gateway just now: the SMS may go through it at the next balance check.
    private DateTimeOffset? HeldBy(SmsSendResult? result)
        => result is SmsSendResult.NotSent { Refusal: SmsRefusal.OutOfBalance } ? clock.GetUtcNow() + options.CurrentValue.BalanceRecheck : null;

    // An SMS waits only when a gateway that could take it is paused and none took it; gateways that refused it for
    // good (and are not paused) end the story, with their refusals on the timeline.
    private async Task<SmsSendOutcome> WaitOrGiveUpAsync(
        long verificationId, TimeZoneInfo zone, string smsEvent, string summary, DateTimeOffset? primaryHeld, DateTimeOffset? fallbackHeld, CancellationToken cancellationToken)
    {
        var waitUntil = (primaryHeld, fallbackHeld) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => (DateTimeOffset?)null,
        };
        if (waitUntil is null)
        {
            return new(summary);
        }

        var line = $"SMS {smsEvent} waits for credit: every gateway of the store is paused; next balance check at {TimeZones.Stamp(waitUntil.Value, zone)}";
        var timeline = await verifications.TimelineAsync(verificationId, cancellationToken);
        if (timeline.LastOrDefault(e => e.Kind == "sms" && e.Message.StartsWith($"SMS {smsEvent} ", StringComparison.Ordinal)) is not { } last
            || !last.Message.StartsWith($"SMS {smsEvent} waits for credit", StringComparison.Ordinal))
        {
            await verifications.AddEventAsync(verificationId, "sms", line, cancellationToken);
        }

        return new(summary, waitUntil);
    }

    // Null when the gateway may be used now; otherwise when to look again. A due balance check that shows credit
    // lifts the pause (one caller reports it); a gateway whose balance cannot be read is tried again after a while.
    private async Task<DateTimeOffset?> HeldUntilAsync(
        VerificationRecord verification, string smsEvent, Store store, ISmsGateway gateway, SmsCredentials credentials, CancellationToken cancellationToken)
    {
        if (await pauses.GetAsync(store.Id, gateway.Provider, cancellationToken) is not { } pause)
        {
            return null;
        }

        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        var checkedAt = UnixTime.FromMs(pause.CheckedAt);
        if (checkedAt + settings.BalanceRecheck > now)
        {
            return checkedAt + settings.BalanceRecheck;
        }

        var balance = await gateway.CheckBalanceAsync(credentials, cancellationToken);
        var resume = balance.HasCredit
            || (balance.Unreadable && UnixTime.FromMs(pause.PausedAt) + settings.UnreadableBalanceRetry <= now);
        if (!resume)
        {
            await pauses.MarkCheckedAsync(store.Id, gateway.Provider, cancellationToken);
            return now + settings.BalanceRecheck;
        }

        if (await pauses.ResumeAsync(store.Id, gateway.Provider, cancellationToken))
        {
            var why = balance.HasCredit
                ? string.Create(CultureInfo.InvariantCulture, $"its balance shows credit ({balance.Balance} {balance.Unit})")
                : $"its balance cannot be read ({balance.Detail}), so sending is tried again";
            LogResumed(logger, gateway.Provider, store.Id);
            await verifications.AddEventAsync(verification.Id, "sms", $"SMS gateway {gateway.Provider} resumed for this store: {why}", cancellationToken);
        }

        return null;
    }

    /// The idempotency key of an event's SMS through one slot: the same on every retry of that message, different for
    /// every other message.
    public static string IdempotencyKey(long verificationId, string smsEvent, string slot)
        => string.Create(CultureInfo.InvariantCulture, $"orderconfirm-{verificationId}-{smsEvent}-{slot}");

    // Result null: the slot is taken (RecordedRefusalAsync tells what became of it). Dropped: the claim found the event
    // no longer describing the verification or the order, and nothing was sent.
    private async Task<(SmsSendResult? Result, string? Dropped)> SendThroughAsync(
        VerificationRecord verification, string smsEvent, string slot, ISmsGateway gateway, SmsCredentials credentials, Store store,
        string phone, string text, string? linkPlaceholder, SmsText shape, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var claim = await messages.TryClaimAsync(verification.Id, smsEvent, slot, gateway.Provider, IdempotencyKey(verification.Id, smsEvent, slot), shape, maxAge, zones.Of(store), cancellationToken);
        if (claim.Key is not { } key)
        {
            return (null, claim.Dropped);
        }

        if (linkPlaceholder is not null)
        {
            text = text.Replace(linkPlaceholder, await renderer.MintLinkAsync(verification.Id, cancellationToken), StringComparison.Ordinal);
        }

        // Past the claim nothing may stop the answer from being recorded: the request itself is not cancelled.
        var result = await gateway.SendAsync(credentials, new SmsMessage(phone, text, store.SmsFrom, key, shape.Encoding), CancellationToken.None);
        await RecordAsync(verification.Id, smsEvent, slot, gateway.Provider, store.Id, shape, result);
        return (result, null);
    }

    /// Records a claimed send's answer (single or a batch row): its row, its timeline line, a pause when the gateway
    /// ran out of balance, a warning when the outcome is unknown. Never cancelled: the request has gone.
    public async Task RecordAsync(long verificationId, string smsEvent, string slot, string provider, long storeId, SmsText shape, SmsSendResult result)
    {
        ArgumentNullException.ThrowIfNull(shape);
        await messages.RecordAsync(verificationId, smsEvent, slot, result, CancellationToken.None);
        metrics.SmsResult(provider, result switch { SmsSendResult.Sent => "sent", SmsSendResult.NotSent => "failed", _ => "unknown" });
        await verifications.AddEventAsync(verificationId, "sms", SmsLines.Timeline(smsEvent, provider, shape, result), CancellationToken.None);
        if (result is SmsSendResult.NotSent { Refusal: SmsRefusal.OutOfBalance } outOfBalance
            && await pauses.PauseAsync(storeId, provider, $"{outOfBalance.Refusal}: {outOfBalance.Code}", CancellationToken.None))
        {
            LogPaused(logger, provider, storeId);
            await verifications.AddEventAsync(
                verificationId,
                "sms",
                $"SMS gateway {provider} paused for this store: out of balance ({outOfBalance.Code}); its SMS wait until a balance check shows credit",
                CancellationToken.None);
        }
        if (result is SmsSendResult.Unknown)
        {
            LogUnknown(logger, verificationId, smsEvent, provider);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS gateway {Provider} is out of balance for store {StoreId}; paused until a balance check shows credit")]
    private static partial void LogPaused(ILogger logger, string provider, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS gateway {Provider} resumed for store {StoreId}")]
    private static partial void LogResumed(ILogger logger, string provider, long storeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Event} SMS of verification {Id} through {Provider} may or may not have been sent; it is not sent again by itself")]
    private static partial void LogUnknown(ILogger logger, long id, string @event, string provider);
}

/// What a send did, for the job: WaitUntil is set when every gateway that could take the SMS is paused for lack of
/// balance and the SMS should be tried again then.
public sealed record SmsSendOutcome(string Summary, DateTimeOffset? WaitUntil = null);

/// An event's SMS ready to claim: the normalised number, the text (with LinkPlaceholder still in it) and its shape.
public sealed record PreparedSms(string Phone, string Text, string? LinkPlaceholder, SmsText Shape)
{
    public override string ToString() => $"PreparedSms {{ Length = {Text.Length}, Segments = {Shape.Segments} }}";
}
