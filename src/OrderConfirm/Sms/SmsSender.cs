using System.Globalization;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// Sends one event's SMS for one verification, at most once: the send is claimed in sms_messages and committed before
/// the request, so a job that runs twice, a duplicate webhook or a second instance finds the claim and stops. A
/// definite failure of the store's gateway goes through its fallback gateway (a claim of its own); an unknown outcome
/// never does, and is never sent again by itself.
public sealed partial class SmsSender(
    VerificationRepository verifications,
    StoreRepository stores,
    SmsMessageRepository messages,
    SmsGateways gateways,
    SecretProtector protector,
    ILogger<SmsSender> logger)
{
    // Failures after which the customer certainly got nothing and another gateway may do better. An invalid number or
    // a request the gateway found malformed would fail there too.
    private static readonly HashSet<SmsRefusal> FailOver =
    [
        SmsRefusal.InvalidKey, SmsRefusal.OutOfBalance, SmsRefusal.InvalidSender, SmsRefusal.RateLimited,
        SmsRefusal.Unavailable, SmsRefusal.NoDevice, SmsRefusal.NotSent,
    ];

    public async Task<string> SendAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(verificationId, cancellationToken) is not { } verification)
        {
            return "the verification no longer exists";
        }

        if (await stores.GetAsync(verification.StoreId, cancellationToken) is not { } store)
        {
            return "the store no longer exists";
        }

        if (gateways.For(store.SmsProvider) is not { } gateway || store.Secrets.SmsApiKey is not { Length: > 0 } apiKey)
        {
            return "the store sends no SMS";
        }

        if (!store.Settings.SmsEventOn(smsEvent))
        {
            return $"the store has the {smsEvent} SMS off";
        }

        if (verification.Phone is null
            || !PakistaniMobile.TryNormalize(protector.Unprotect(verification.Phone, ProtectionPurposes.Phone), out var phone))
        {
            return "no mobile number to text";
        }

        var customer = verification.CustomerName is null ? "" : protector.Unprotect(verification.CustomerName, ProtectionPurposes.CustomerName);
        var text = Render(store, verification, smsEvent, customer);
        var shape = SmsText.Of(text);
        var primary = await SendThroughAsync(verification, smsEvent, SmsSlots.Primary, gateway, new SmsCredentials(apiKey), store, phone, text, shape, cancellationToken);
        if (primary is not SmsSendResult.NotSent { Refusal: var refusal } || !FailOver.Contains(refusal))
        {
            return Describe(gateway.Provider, primary);
        }

        if (gateways.For(store.SmsFallbackProvider) is not { } fallback || store.Secrets.SmsFallbackApiKey is not { Length: > 0 } fallbackKey)
        {
            return Describe(gateway.Provider, primary);
        }

        var second = await SendThroughAsync(verification, smsEvent, SmsSlots.Fallback, fallback, new SmsCredentials(fallbackKey), store, phone, text, shape, cancellationToken);
        return $"{Describe(gateway.Provider, primary)}; fallback: {Describe(fallback.Provider, second)}";
    }

    /// The idempotency key of an event's SMS through one slot: the same on every retry of that message, different for
    /// every other message.
    public static string IdempotencyKey(long verificationId, string smsEvent, string slot)
        => string.Create(CultureInfo.InvariantCulture, $"orderconfirm-{verificationId}-{smsEvent}-{slot}");

    private async Task<SmsSendResult?> SendThroughAsync(
        VerificationRecord verification, string smsEvent, string slot, ISmsGateway gateway, SmsCredentials credentials, Store store,
        string phone, string text, SmsText shape, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey(verification.Id, smsEvent, slot);
        if (!await messages.TryClaimAsync(verification.Id, smsEvent, slot, gateway.Provider, key, shape, cancellationToken))
        {
            return null;
        }

        // Past the claim nothing may stop the answer from being recorded: the request itself is not cancelled.
        var result = await gateway.SendAsync(credentials, new SmsMessage(phone, text, store.SmsFrom, key, shape.Encoding), CancellationToken.None);
        await messages.RecordAsync(verification.Id, smsEvent, slot, result, CancellationToken.None);
        await verifications.AddEventAsync(verification.Id, "sms", TimelineLine(smsEvent, gateway.Provider, shape, result), CancellationToken.None);
        if (result is SmsSendResult.Unknown)
        {
            LogUnknown(logger, verification.Id, smsEvent, gateway.Provider);
        }

        return result;
    }

    // The built-in texts do not use {customer}: an order may come without a name.
    private static string Render(Store store, VerificationRecord verification, string smsEvent, string customer)
    {
        var template = store.Settings.SmsTemplates?.GetValueOrDefault(smsEvent)
            ?? SmsTemplates.Default(smsEvent, store.Settings.SmsLanguage ?? SmsLanguages.English);
        return SmsTemplates.Render(template, new SmsValues(
            store.Name,
            verification.OrderName,
            verification.Amount.ToString("#,0.##", CultureInfo.InvariantCulture),
            verification.Currency,
            customer));
    }

    private static string TimelineLine(string smsEvent, string provider, SmsText shape, SmsSendResult result)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"SMS {smsEvent} via {provider}, {shape.Segments} segment(s) {shape.Encoding.ToString().ToUpperInvariant()}");
        return result switch
        {
            SmsSendResult.Sent sent => string.Create(CultureInfo.InvariantCulture,
                $"{prefix}: sent{(sent.Replayed ? " (replayed)" : "")}{(sent.Segments is { } s ? $", gateway counted {s}" : "")}{(sent.Cost is { } c ? $", cost {c} {sent.CostUnit}" : "")}"),
            SmsSendResult.NotSent notSent => $"{prefix}: not sent ({notSent.Refusal}, {notSent.Code})",
            SmsSendResult.Unknown unknown => $"{prefix}: outcome unknown ({unknown.Detail}); it may have been sent and is not sent again by itself",
            _ => prefix,
        };
    }

    private static string Describe(string provider, SmsSendResult? result) => result switch
    {
        null => $"{provider}: already sent or being sent",
        SmsSendResult.Sent => $"{provider}: sent",
        SmsSendResult.NotSent notSent => $"{provider}: not sent ({notSent.Refusal})",
        SmsSendResult.Unknown => $"{provider}: outcome unknown",
        _ => provider,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Event} SMS of verification {Id} through {Provider} may or may not have been sent; it is not sent again by itself")]
    private static partial void LogUnknown(ILogger logger, long id, string @event, string provider);
}
