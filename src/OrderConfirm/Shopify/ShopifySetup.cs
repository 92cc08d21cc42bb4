using OrderConfirm.Stores;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Security;
using OrderConfirm.Platforms;

namespace OrderConfirm.Shopify;

public static class ShopifySetup
{
    public static IHostApplicationBuilder AddShopify(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopifyOptions>().BindConfiguration(ShopifyOptions.Section).ValidateDataAnnotationsNamingKeys(ShopifyOptions.Section).ValidateOnStart();

        // Every Admin API operation we send is idempotent (reads, tagsAdd/tagsRemove, orderCancel of a cancelled
        // order fails harmlessly), so POSTs may retry 5xx and network failures, with jittered backoff. 429 is not
        // retried here: ShopifyAdminClient keeps the shop's cost budget and waits out its Retry-After for the whole
        // store. No circuit breaker (see SafeRetries).
        builder.Services.AddHttpClient(ShopifyAdminClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddShopAddressGuard()
            .AddSafeRetries("shopify-admin", static services =>
            {
                var options = services.GetRequiredService<IOptions<ShopifyOptions>>().Value;
                return new RetrySettings(options.RequestTimeout, options.RequestTimeout * 4, 3, options.RetryDelay, RetryTooManyRequests: false, MaxRetryAfter: options.RequestTimeout);
            });

        builder.Services.AddSingleton<ShopifyAdminClient>();
        builder.Services.AddSingleton<ShopifyStoreDirectory>();
        builder.Services.AddSingleton<ShopifyWebhookInstaller>();
        builder.Services.AddScoped<ShopifyOrderIntake>();
        builder.Services.AddStoreSettingsRules<ShopifySettingsRules>();
        builder.Services.AddShopPlatform<ShopifyPlatform>(ShopifyPlatform.Key)
            .WithWebhookHandler<ShopifyWebhookHandler>()
            .WithOrderGuard<ShopifyOrderGuard>()
            .WithWriteBack<ShopifyWriteBack>()
            .WithSampleWebhook<ShopifySampleWebhook>();

        builder.Services.AddRecurringJob<ShopifyReconcileOrdersJob>("reconcile-shopify-orders", ShopJobs.ReconcileCronKey, ShopJobs.ReconcileCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<ShopifyEnsureWebhooksJob>("ensure-shopify-webhooks", ShopJobs.EnsureWebhooksCronKey, ShopJobs.EnsureWebhooksCron, j => j.RunAsync(CancellationToken.None));
        return builder;
    }
}
