using Hangfire;
using OrderConfirm.RoboCall;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Places the verification call, at most once per attempt. The dial is recorded and committed before the request;
// whatever happens after that, this job never dials the same verification again.
public sealed partial class PlaceCallJob(
    VerificationRepository verifications,
    StoreRepository stores,
    CallPolicies policies,
    RoboCallClient roboCall,
    RoboCallAccounts accounts,
    SecretProtector protector,
    JobDispatcher dispatcher,
    IEnumerable<IOrderGuard> guards,
    TimeProvider clock,
    ILogger<PlaceCallJob> logger)
{
    private static readonly TimeSpan OutOfBalancePause = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan BalanceRecheck = TimeSpan.FromMinutes(10);

    [Queue("calls")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [VerificationJobName("Call customer for")]
    public async Task RunAsync(long verificationId, CancellationToken cancellationToken)
    {
        var verification = await verifications.GetAsync(verificationId, cancellationToken);
        if (verification is not { Step: VerificationStep.Call })
        {
            return;
        }

        var store = await stores.GetAsync(verification.StoreId, cancellationToken);
        if (store is null)
        {
            return;
        }

        if (!store.Enabled)
        {
            await verifications.StopAsync(verificationId, $"The store is disabled{(store.DisabledReason is null ? "" : $" ({store.DisabledReason})")}", cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        var policy = policies.For(store);
        if (verification.DueAt is { } due && UnixTime.FromMs(due) > now.AddSeconds(1))
        {
            // Started early (a requeue from the dashboard, a duplicate job): go back to waiting for the real time.
            await dispatcher.DispatchAsync(verificationId, VerificationStep.Call, UnixTime.FromMs(due), verification.JobId, cancellationToken);
            return;
        }

        var opening = policy.Window.NextOpening(now, policy.Zone);
        if (opening > now)
        {
            await PostponeAsync(verification, opening, "postponed", $"Outside calling hours ({policy.Window}, {policy.Zone.Id}); call moved to {opening:u}", cancellationToken);
            return;
        }

        if (verification.Phone is null)
        {
            await verifications.StopAsync(verificationId, "The customer's phone number was erased", cancellationToken);
            return;
        }

        if (policy.ApiKey is null || policy.VoiceId is null)
        {
            var missing = policy.ApiKey is null ? "Robo Call API key (store roboCall.apiKey or RoboCall:ApiKey)" : "Robo Call voice id (store roboCall.voiceId or Verification:VoiceId)";
            await verifications.NeedsAttentionAsync(verificationId, VerificationStep.Call, $"No {missing} is configured", cancellationToken);
            return;
        }

        var keyFingerprint = SecretProtector.Fingerprint(policy.ApiKey);
        if (await IsOutOfBalanceAsync(keyFingerprint, policy.ApiKey, cancellationToken))
        {
            await PostponeAsync(verification, now + OutOfBalancePause, "postponed", $"The Robo Call account is out of balance; call postponed to {now + OutOfBalancePause:u}", cancellationToken);
            return;
        }

        if (guards.LastOrDefault(g => g.Platform == store.Platform) is { } guard
            && await guard.ReasonNotToCallAsync(store, verification, cancellationToken) is { } reason)
        {
            await verifications.StopAsync(verificationId, reason, cancellationToken);
            return;
        }

        if (!await verifications.BeginDialAsync(verificationId, cancellationToken))
        {
            return;
        }

        // From here on nothing may cancel half-way: a dial that happened must have its call id recorded.
        var phone = protector.Unprotect(verification.Phone, ProtectionPurposes.Phone);
        var amount = (long)Math.Round(verification.Amount, MidpointRounding.AwayFromZero);
        var result = await roboCall.PlaceCallAsync(policy.ApiKey, phone, amount, policy.VoiceId, store.Name, verification.OrderName.TrimStart('#'), CancellationToken.None);
        await RecordAsync(verification, policy, keyFingerprint, result);
    }

    private async Task RecordAsync(VerificationRecord verification, CallPolicy policy, string keyFingerprint, DialResult result)
    {
        var id = verification.Id;
        var now = clock.GetUtcNow();
        var none = CancellationToken.None;
        switch (result)
        {
            case DialResult.Placed placed:
                await verifications.RecordCallPlacedAsync(id, placed.CallId, now + policy.PollInterval, now + policy.GiveUpAfter, none);
                await accounts.ClearAsync(keyFingerprint, none);
                break;

            case DialResult.NotPlaced { Refusal: DialRefusal.OutOfBalance } refusal:
                await accounts.MarkOutOfBalanceAsync(keyFingerprint, none);
                LogOutOfBalance(logger, keyFingerprint);
                await ReturnToPendingAsync(id, now + OutOfBalancePause, $"{refusal.Detail}; dialing with this key is paused, call postponed to {now + OutOfBalancePause:u}");
                break;

            case DialResult.NotPlaced { Refusal: DialRefusal.RateLimited or DialRefusal.NotSent } refusal:
                var retryAt = now + Clamp(refusal.RetryAfter ?? TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
                await ReturnToPendingAsync(id, retryAt, $"{refusal.Detail}; nobody was called, trying again at {retryAt:u}");
                break;

            case DialResult.NotPlaced { Refusal: DialRefusal.InvalidKey } refusal:
                await accounts.MarkRejectedAsync(keyFingerprint, none);
                await verifications.NeedsAttentionAsync(id, VerificationStep.Dialing, $"{refusal.Detail}; nobody was called. Fix the store's Robo Call key, then redial.", none);
                break;

            case DialResult.NotPlaced refusal:
                await verifications.NeedsAttentionAsync(id, VerificationStep.Dialing, $"{refusal.Detail}; nobody was called.", none);
                break;

            case DialResult.Unknown unknown:
                LogUnknownDial(logger, id, unknown.Detail);
                await verifications.NeedsAttentionAsync(
                    id,
                    VerificationStep.Dialing,
                    $"Dial outcome unknown: {unknown.Detail}. The customer may have been called; not redialled automatically. Check the Robo Call portal, then redial or leave it.",
                    none);
                break;
        }
    }

    private async Task<bool> IsOutOfBalanceAsync(string keyFingerprint, string apiKey, CancellationToken cancellationToken)
    {
        var state = await accounts.GetAsync(keyFingerprint, cancellationToken);
        if (state?.OutOfBalanceAt is null)
        {
            return false;
        }

        if (state.CheckedAt is { } checkedAt && UnixTime.FromMs(checkedAt) > clock.GetUtcNow() - BalanceRecheck)
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

    private async Task PostponeAsync(VerificationRecord verification, DateTimeOffset dueAt, string kind, string message, CancellationToken cancellationToken)
    {
        if (await verifications.PostponeCallAsync(verification.Id, dueAt, kind, message, cancellationToken))
        {
            await dispatcher.DispatchAsync(verification.Id, VerificationStep.Call, dueAt, null, cancellationToken);
        }
    }

    private async Task ReturnToPendingAsync(long id, DateTimeOffset dueAt, string message)
    {
        if (await verifications.ReturnToPendingAsync(id, dueAt, message, CancellationToken.None))
        {
            await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, CancellationToken.None);
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Robo Call account {KeyFingerprint} is out of balance; dialing with it is paused until check_balance shows credit")]
    private static partial void LogOutOfBalance(ILogger logger, string keyFingerprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dial outcome of verification {Id} is unknown ({Detail}); it needs attention")]
    private static partial void LogUnknownDial(ILogger logger, long id, string detail);
}
