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
    public async Task<StoreBalance> ReadAsync(Store store, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var call = await RoboCallAsync(store, store.Settings.Section<BalanceSettings>().RoboCallWarnBelow ?? settings.RoboCallWarnBelow, cancellationToken);
        var sms = new List<SmsGatewayBalance>();
        var smsWarnBelow = store.Settings.Section<BalanceSettings>().SmsWarnBelow ?? settings.SmsWarnBelow;
        foreach (var (slot, provider, key) in new[]
                 {
                     (SmsSlots.Primary, store.SmsProvider, store.Secrets.SmsApiKey),
                     (SmsSlots.Fallback, store.SmsFallbackProvider, store.Secrets.SmsFallbackApiKey),
                 })
        {
            if (gateways.For(provider) is { } gateway && key is { Length: > 0 })
            {
                sms.Add(await SmsAsync(store, slot, gateway, new SmsCredentials(key), smsWarnBelow, cancellationToken));
            }
        }

        return new StoreBalance(clock.GetUtcNow(), call, sms);
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
