using OrderConfirm.Platforms;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Custom;

public static class CustomSetup
{
    public static IHostApplicationBuilder AddCustomShops(this IHostApplicationBuilder builder)
    {
        builder.Services.AddShopPlatform<CustomPlatform>(CustomPlatform.Key).WithWriteBack<CustomStoreWriteBack>();
        builder.Services.AddStoreSettingsRules<CustomShopSettingsRules>();
        builder.Services.AddOptions<ResultWebhookOptions>().BindConfiguration(ResultWebhookOptions.Section)
            .ValidateDataAnnotationsNamingKeys(ResultWebhookOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<ResultDeliveries>();
        builder.Services.AddScoped<ResultDeliveryJob>();
        builder.Services.AddScoped<ResultWebhookSweepJob>();
        builder.Services.AddRecurringJob<ResultWebhookSweepJob>("result-webhooks-sweep", ResultWebhookSweepJob.CronKey, ResultWebhookSweepJob.DefaultCron, j => j.RunAsync(CancellationToken.None));

        // The shop's own URL: through the shop-address guard, and no retry handler (the job retries on its schedule).
        builder.Services.AddHttpClient(ResultDeliveryJob.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).AddShopAddressGuard();
        return builder;
    }
}
