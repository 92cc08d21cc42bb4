using OrderConfirm.Stores;
using Microsoft.Extensions.Options;
using OrderConfirm.RoboCall;
using OrderConfirm.Security;
using OrderConfirm.Sms;
using OrderConfirm.Verification;

namespace OrderConfirm.Balances;

/// Reads a store's Robo Call and SMS balances. A read that shows credit is also the balance check the pauses wait for:
/// it lifts the out-of-balance pause of that Robo Call key or SMS gateway, so sending resumes without waiting for the
/// next SMS or dial to look.
public sealed partial class StoreBalances(
    RoboCallClient roboCall,
    RoboCallAccounts accounts,
    KeyFingerprints fingerprints,
    CallPolicyResolver policies,
    SmsGateways gateways,
    SmsPauses pauses,
    IOptionsMonitor<BalanceOptions> options,
    TimeProvider clock,
    ILogger<StoreBalances> logger)
{
    /// Every provider is asked at once, and the whole read ends after Balances:ReadTimeout: a slow or unreachable
    /// provider answers "not read" instead of holding the request (and the others) while its retries run out.
    public async Task<StoreBalance> ReadAsync(Store store, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.ReadTimeout);
        var late = $"no answer within {settings.ReadTimeout.TotalSeconds:0.#} s";

        var call = WithinAsync(
            RoboCallAsync(store, store.Settings.Section<BalanceSettings>().RoboCallWarnBelow ?? settings.RoboCallWarnBelow, limit.Token),
            warnBelow => new RoboCallBalance(policies.For(store).KeySource(store), false, null, null, null, warnBelow, false, late),
            store.Settings.Section<BalanceSettings>().RoboCallWarnBelow ?? settings.RoboCallWarnBelow,
            cancellationToken);
        var smsWarnBelow = store.Settings.Section<BalanceSettings>().SmsWarnBelow ?? settings.SmsWarnBelow;
        var sms = new List<Task<SmsGatewayBalance>>();
        foreach (var (slot, provider, key) in new[]
                 {
                     (SmsSlots.Primary, store.SmsProvider, store.Secrets.SmsApiKey),
                     (SmsSlots.Fallback, store.SmsFallbackProvider, store.Secrets.SmsFallbackApiKey),
                 })
        {
            if (gateways.For(provider) is { } gateway && key is { Length: > 0 })
            {
                sms.Add(WithinAsync(
                    SmsAsync(store, slot, gateway, new SmsCredentials(key), smsWarnBelow, limit.Token),
                    warnBelow => new SmsGatewayBalance(slot, gateway.Provider, false, false, null, null, warnBelow, false, false, late),
                    smsWarnBelow,
                    cancellationToken));
            }
        }

        return new StoreBalance(clock.GetUtcNow(), await call, await Task.WhenAll(sms));
    }

    // A read cut off by the overall limit (not by the caller going away) is answered with its "not read" line.
    private static async Task<T> WithinAsync<T>(Task<T> read, Func<decimal, T> late, decimal warnBelow, CancellationToken caller)
    {
        try
        {
            return await read;
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return late(warnBelow);
        }
    }

    private async Task<RoboCallBalance> RoboCallAsync(Store store, decimal warnBelow, CancellationToken cancellationToken)
    {
        var policy = policies.For(store);
        var keySource = policy.KeySource(store);
        if (policy.ApiKey is not { } apiKey)
        {
            return new RoboCallBalance(keySource, false, null, null, null, warnBelow, false, "no Robo Call key (the store's own or RoboCall:ApiKey)");
        }

        var read = await roboCall.CheckBalanceAsync(apiKey, cancellationToken);
        if (read.CanAffordACall)
        {
            await accounts.ClearAsync(fingerprints.For(apiKey), cancellationToken);
        }

        int? callsLeft = read is { Succeeded: true, Balance: { } balance, CallRate: > 0 and var rate } ? (int)Math.Floor(balance / rate) : null;
        return new RoboCallBalance(keySource, read.Succeeded, read.Balance, read.CallRate, callsLeft, warnBelow, read.Succeeded && read.Balance < warnBelow, read.Detail);
    }

    private async Task<SmsGatewayBalance> SmsAsync(Store store, string slot, ISmsGateway gateway, SmsCredentials credentials, decimal warnBelow, CancellationToken cancellationToken)
    {
        var read = await gateway.CheckBalanceAsync(credentials, cancellationToken);
        var paused = await pauses.GetAsync(store.Id, gateway.Provider, cancellationToken) is not null;
        if (paused && read.HasCredit && await pauses.ResumeAsync(store.Id, gateway.Provider, cancellationToken))
        {
            LogResumed(logger, gateway.Provider, store.Id, read.Balance, read.Unit);
            paused = false;
        }

        return new SmsGatewayBalance(
            slot, gateway.Provider, read.Succeeded, read.Unreadable, read.Balance, read.Unit, warnBelow, read.Succeeded && read.Balance < warnBelow, paused, read.Detail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS gateway {Provider} resumed for store {StoreId}: its balance shows {Balance} {Unit}")]
    private static partial void LogResumed(ILogger logger, string provider, long storeId, decimal? balance, string? unit);
}
