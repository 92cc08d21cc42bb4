using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OrderConfirm.Verification;

namespace OrderConfirm.Shopify;

public static class ShopifySetup
{
    public static IHostApplicationBuilder AddShopify(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopifyOptions>().BindConfiguration(ShopifyOptions.Section).ValidateDataAnnotationsNamingKeys(ShopifyOptions.Section).ValidateOnStart();

        // Every Admin API operation we send is idempotent (reads, tagsAdd/tagsRemove, orderCancel of a cancelled
        // order fails harmlessly), so POSTs may retry: throttles (429, Retry-After) and 5xx, with jittered backoff.
        builder.Services.AddHttpClient(ShopifyAdminClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure(static (HttpStandardResilienceOptions resilience, IServiceProvider services) =>
            {
                var options = services.GetRequiredService<IOptions<ShopifyOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.RequestTimeout;
                resilience.TotalRequestTimeout.Timeout = options.RequestTimeout * 4;
                resilience.CircuitBreaker.SamplingDuration = options.RequestTimeout * 2 > TimeSpan.FromSeconds(30) ? options.RequestTimeout * 2 : TimeSpan.FromSeconds(30);
                resilience.Retry.MaxRetryAttempts = 3;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldRetryAfterHeader = true;
            });

        builder.Services.AddSingleton<ShopifyAdminClient>();
        builder.Services.AddSingleton<IOrderWriteBack, ShopifyWriteBack>();
        builder.Services.AddSingleton<IOrderGuard, ShopifyOrderGuard>();
        builder.Services.AddSingleton<ShopifyWebhookInstaller>();
        builder.Services.AddScoped<ShopifyOrderIntake>();
        return builder;
    }
}
