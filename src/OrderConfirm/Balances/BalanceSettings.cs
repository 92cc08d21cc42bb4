using OrderConfirm.Stores;

namespace OrderConfirm.Balances;

/// A store's balance warning levels (its part of the store settings): below them the balance job logs a warning, so
/// a merchant tops up before calls stop. Defaults Balances:RoboCallWarnBelow and Balances:SmsWarnBelow.
public sealed record BalanceSettings
{
    // PKR.
    public decimal? RoboCallWarnBelow { get; init; }

    // In the gateway's own unit.
    public decimal? SmsWarnBelow { get; init; }
}

/// Checks a store's balance warning levels as a client sends them.
public sealed class BalanceSettingsRules : IStoreSettingsRules
{
    public object Section(StoreSettings settings) => settings.Section<BalanceSettings>();

    public void Validate(StoreSettings requested, StoreErrors errors)
    {
        if (!requested.TryRead<BalanceSettings>(errors, out var settings))
        {
            return;
        }

        if (settings.RoboCallWarnBelow is < 0)
        {
            errors.Add("settings.roboCallWarnBelow", "A Robo Call balance (PKR) of 0 or more; below it the balance job logs a warning.");
        }

        if (settings.SmsWarnBelow is < 0)
        {
            errors.Add("settings.smsWarnBelow", "An SMS balance (in the gateway's unit) of 0 or more; below it the balance job logs a warning.");
        }
    }
}
