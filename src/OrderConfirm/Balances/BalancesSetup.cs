using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Balances;

public static class BalancesSetup
{
    public static IHostApplicationBuilder AddBalances(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BalanceOptions>()
            .BindConfiguration(BalanceOptions.Section)
            .ValidateDataAnnotationsNamingKeys(BalanceOptions.Section)
            .ValidateOnStart();
        builder.Services.AddScoped<StoreBalances>();
        builder.Services.AddStoreSettingsRules<BalanceSettingsRules>();
        builder.Services.AddRecurringJob<CheckBalancesJob>("check-balances", BalanceOptions.CronKey, BalanceOptions.DefaultCron, j => j.RunAsync(CancellationToken.None));
        return builder;
    }
}
