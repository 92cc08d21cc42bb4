using OrderConfirm.Stores;
using Microsoft.Extensions.Options;
using Polly;
using OrderConfirm.Toolkit;
using OrderConfirm.Security;
using OrderConfirm.Platforms;

namespace OrderConfirm.WooCommerce;

public static class WooCommerceSetup
{
    public static IHostApplicationBuilder AddWooCommerce(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WooCommerceOptions>().BindConfiguration(WooCommerceOptions.Section).ValidateDataAnnotationsNamingKeys(WooCommerceOptions.Section).ValidateOnStart();

        // Reads and updates (PUT status and meta) are safe to repeat: 5xx, 429 (some hosts and security plugins) and
        // network failures retry with jittered backoff, honouring Retry-After. No circuit breaker (see SafeRetries).
        builder.Services.AddHttpClient(WooCommerceClient.ReadsClient, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddShopAddressGuard()
            .AddSafeRetries("woocommerce", static services =>
            {
                var options = services.GetRequiredService<IOptions<WooCommerceOptions>>().Value;
                return new RetrySettings(options.RequestTimeout, options.RequestTimeout * 4, 3, options.RetryDelay, RetryTooManyRequests: true, MaxRetryAfter: options.RequestTimeout);
            });

        // A note or a webhook sent twice would be created twice: one attempt, with a timeout; the caller checks what
        // exists before it creates again.
        builder.Services.AddHttpClient(WooCommerceClient.CreatesClient, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddShopAddressGuard()
            .AddResilienceHandler("woocommerce-creates", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WooCommerceOptions>>().Value;
                pipeline.AddTimeout(options.RequestTimeout);
            });

        builder.Services.AddSingleton<WooCommerceClient>();
        builder.Services.AddStoreSettingsRules<WooCommerceSettingsRules>();
        builder.Services.AddSingleton<WooCommerceStoreDirectory>();
        builder.Services.AddScoped<WooCommerceOrderIntake>();
        builder.Services.AddScoped<WooCommerceOrderReopen>();
        builder.Services.AddShopPlatform<WooCommercePlatform>(WooCommercePlatform.Key)
            .WithWebhookHandler<WooCommerceWebhookHandler>()
            .WithOrderGuard<WooCommerceOrderGuard>()
            .WithWriteBack<WooCommerceWriteBack>()
            .WithSampleWebhook<WooCommerceSampleWebhook>();
        builder.Services.AddRecurringJob<WooCommerceReconcileOrdersJob>("reconcile-woocommerce-orders", ShopJobs.ReconcileCronKey, ShopJobs.ReconcileCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<WooCommerceEnsureWebhooksJob>("ensure-woocommerce-webhooks", ShopJobs.EnsureWebhooksCronKey, ShopJobs.EnsureWebhooksCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddSingleton<WooCommerceWebhookLedger>();
        builder.Services.AddSingleton<WooCommerceNoteLedger>();
        builder.Services.AddRetentionPruner<WooCommerceNoteLedgerPruner>();
        builder.Services.AddSingleton<WooCommerceWebhookInstaller>();
        builder.Services.AddSingleton<WooCommerceSecretRotation>();
        return builder;
    }
}
