using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrderConfirm.RoboCall;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// Everything PlaceCall decides before the point of no return (the dial claim): whether the customer may be called now,
// later, or not at all, and what the dial needs. It changes no verification itself, so that PlaceCallJob carries out
// every decision in one place and the decisions can be tested on their own. The checks run in the order of
// docs/verification-states.md ("Dial"); the first that stops the call decides.
public sealed class CallPreparation(
    VerificationRepository verifications,
    StoreRepository stores,
    CallPolicyResolver policies,
    RoboCallClient roboCall,
    RoboCallAccounts accounts,
    SecretProtector protector,
    KeyFingerprints fingerprints,
    IServiceProvider services,
    IOptionsMonitor<RoboCallOptions> roboCallOptions,
    IOptionsMonitor<VerificationOptions> verificationOptions,
    TimeProvider clock)
{
    public async Task<CallDecision> PrepareAsync(long verificationId, CancellationToken cancellationToken)
    {
        var verification = await verifications.GetAsync(verificationId, cancellationToken);
        if (verification is not { Step: VerificationStep.Call })
        {
            return new CallDecision.NothingToDo();
        }

        var store = await stores.GetAsync(verification.StoreId, cancellationToken);
        if (store is null)
        {
            return new CallDecision.NothingToDo();
        }

        if (!store.Enabled)
        {
            return new CallDecision.DoNotCall($"The store is disabled{(store.DisabledReason is null ? "" : $" ({store.DisabledReason})")}");
        }

        var now = clock.GetUtcNow();
        var policy = policies.For(store);
        if (verification.DueAt is { } due && UnixTime.FromMs(due) > now.AddSeconds(1))
        {
            // Started early (a requeue from the dashboard, a duplicate job): go back to waiting for the real time.
            return new CallDecision.WaitForDueTime(UnixTime.FromMs(due), verification.JobId);
        }

        var opening = policy.Window.NextOpening(now, policy.Zone);
        if (opening > now)
        {
            return new CallDecision.Postpone(opening, $"Outside calling hours ({policy.Window}, {policy.Zone.Id}); call moved to {TimeZones.Stamp(opening, policy.Zone)}");
        }

        if (verification.Phone is null)
        {
            return new CallDecision.DoNotCall("The customer's phone number was erased");
        }

        if (policy.ApiKey is null || policy.VoiceId is null)
        {
            var missing = policy.ApiKey is null ? "Robo Call API key (store roboCall.apiKey or RoboCall:ApiKey)" : "Robo Call voice id (store roboCall.voiceId or Verification:VoiceId)";
            return new CallDecision.NeedsAttention($"No {missing} is configured");
        }

        string phone;
        try
        {
            phone = protector.Unprotect(verification.Phone, ProtectionPurposes.Phone);
        }
        catch (CryptographicException)
        {
            // Retrying cannot help until someone fixes the keys; the exception's text stays out of the reason.
            return new CallDecision.NeedsAttention("The phone number cannot be decrypted with the configured keys (Encryption:Key, Encryption:PreviousKeys); nobody was called.");
        }

        var options = roboCallOptions.CurrentValue;
        var keyFingerprint = fingerprints.For(policy.ApiKey);
        if (await IsOutOfBalanceAsync(keyFingerprint, policy.ApiKey, options.BalanceRecheck, cancellationToken))
        {
            var resumeAt = now + options.OutOfBalancePause;
            return new CallDecision.Postpone(resumeAt, $"The Robo Call account is out of balance; call postponed to {TimeZones.Stamp(resumeAt, policy.Zone)}");
        }

        // Last, as it may ask the shop over HTTP: the order may have been closed since the webhook that brought it.
        // A platform without a guard (custom stores) is called on the intake's word, and so is a fresh order on every
        // platform (docs/adr/0009-fewer-shop-requests-per-order.md).
        if (!IsFresh(verification, now)
            && services.GetKeyedService<IOrderGuard>(store.Platform) is { } guard
            && await guard.ReasonNotToCallAsync(store, verification, cancellationToken) is { } reason)
        {
            return new CallDecision.DoNotCall(reason);
        }

        return new CallDecision.Dial(new DialFacts(verification, store.Name, store.Platform, policy, policy.ApiKey, policy.VoiceId, keyFingerprint, phone));
    }

    // A first dial soon after the intake: the webhook that brought the order is seconds old, and any close since then
    // arrives as a webhook of its own, which stops the verification before the claim (or makes the claim fail). A
    // re-attempt, a redial, or a call moved by the delay or the calling hours re-reads the order.
    private bool IsFresh(VerificationRecord verification, DateTimeOffset now)
        => verification.Attempt == 1
            && now - DateTimeOffset.FromUnixTimeMilliseconds(verification.CreatedAt) < verificationOptions.CurrentValue.RereadOrderAfter;

    // A key marked out of balance stays paused until check_balance shows credit, asked at most once per recheck period.
    private async Task<bool> IsOutOfBalanceAsync(string keyFingerprint, string apiKey, TimeSpan recheck, CancellationToken cancellationToken)
    {
        var state = await accounts.GetAsync(keyFingerprint, cancellationToken);
        if (state?.OutOfBalanceAt is null)
        {
            return false;
        }

        if (state.CheckedAt is { } checkedAt && UnixTime.FromMs(checkedAt) > clock.GetUtcNow() - recheck)
        {
            return true;
        }

        var balance = await roboCall.CheckBalanceAsync(apiKey, cancellationToken);
        if (balance.CanAffordACall)
        {
            await accounts.ClearAsync(keyFingerprint, cancellationToken);
            return false;
        }

        await accounts.MarkCheckedAsync(keyFingerprint, cancellationToken);
        return true;
    }
}

// What PlaceCall does with a verification waiting for its call. Only Dial leads to the claim; PlaceCallJob turns each
// of the others into its transition (docs/verification-states.md, "Dial").
public abstract record CallDecision
{
    private CallDecision()
    {
    }

    // The row left the call step (another run, a link answer, a stop) or its store is gone: nothing to do.
    public sealed record NothingToDo : CallDecision;

    // The run started before the row's due time: the call job is queued again for it (JobId: the job the row names).
    public sealed record WaitForDueTime(DateTimeOffset DueAt, string? JobId) : CallDecision;

    // The call may go ahead later (calling hours, a paused Robo Call key): the row stays pending, due at Until.
    public sealed record Postpone(DateTimeOffset Until, string Message) : CallDecision;

    // The customer is not called for this order: the row is skipped.
    public sealed record DoNotCall(string Reason) : CallDecision;

    // Nobody is called until a person fixes the configuration or the keys: the row needs attention.
    public sealed record NeedsAttention(string Reason) : CallDecision;

    // Call now, with these facts.
    public sealed record Dial(DialFacts Facts) : CallDecision;
}

// What the dial needs, all of it worked out before the claim. Not a record: a record's ToString would print the phone.
public sealed class DialFacts(VerificationRecord verification, string storeName, string platform, CallPolicy policy, string apiKey, string voiceId, string keyFingerprint, string phone)
{
    public VerificationRecord Verification { get; } = verification;

    public string StoreName { get; } = storeName;

    public string Platform { get; } = platform;

    public CallPolicy Policy { get; } = policy;

    public string ApiKey { get; } = apiKey;

    public string VoiceId { get; } = voiceId;

    public string KeyFingerprint { get; } = keyFingerprint;

    public string Phone { get; } = phone;

    // Robo Call takes whole rupees.
    public long Amount { get; } = (long)Math.Round(verification.Amount, MidpointRounding.AwayFromZero);

    public string OrderName { get; } = verification.OrderName.TrimStart('#');
}
