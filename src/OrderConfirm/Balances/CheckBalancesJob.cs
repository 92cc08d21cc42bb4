using System.ComponentModel;
using System.Globalization;
using Hangfire;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Balances;

/// Reads every enabled store's Robo Call and SMS balances, warns below the store's thresholds (so a merchant tops up
/// before calls stop) and lifts the pause of a gateway that has credit again.
public sealed partial class CheckBalancesJob(StoreRepository stores, StoreBalances balances, ShopPlatforms platforms, OrderConfirmMetrics metrics, ILogger<CheckBalancesJob> logger)
{
    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Check the Robo Call and SMS balances of every store")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var platform in platforms.Keys)
        {
            await EachStore.RunAsync(stores, platform, "Balance check", logger, async store =>
            {
                var balance = await balances.ReadAsync(store, cancellationToken);
                if (balance.RoboCall is { Read: true } readCall)
                {
                    metrics.Balance(store.Id, "robocall", readCall.Low);
                }

                foreach (var readSms in balance.Sms.Where(s => s.Read))
                {
                    metrics.Balance(store.Id, readSms.Provider, readSms.Low);
                }

                if (balance.RoboCall is { Low: true } call)
                {
                    LogRoboCallLow(logger, store.Id, Amount(call.Balance), Amount(call.WarnBelow), call.CallsLeft);
                }
                else if (balance.RoboCall is { Read: false, KeySource: not "none" } unread)
                {
                    LogUnread(logger, "Robo Call", store.Id, unread.Detail);
                }

                foreach (var sms in balance.Sms)
                {
                    if (sms.Low)
                    {
                        LogSmsLow(logger, sms.Provider, store.Id, Amount(sms.Balance), sms.Unit ?? "", Amount(sms.WarnBelow));
                    }
                    else if (sms is { Read: false, Unreadable: false })
                    {
                        LogUnread(logger, sms.Provider, store.Id, sms.Detail);
                    }
                }
            }, cancellationToken);
        }
    }

    private static string Amount(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: the Robo Call balance is {Balance} PKR, below its warning level {WarnBelow} (about {CallsLeft} calls left)")]
    private static partial void LogRoboCallLow(ILogger logger, long storeId, string balance, string warnBelow, int? callsLeft);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: the {Provider} SMS balance is {Balance} {Unit}, below its warning level {WarnBelow}")]
    private static partial void LogSmsLow(ILogger logger, string provider, long storeId, string balance, string unit, string warnBelow);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: the {Provider} balance could not be read ({Detail})")]
    private static partial void LogUnread(ILogger logger, string provider, long storeId, string detail);
}
