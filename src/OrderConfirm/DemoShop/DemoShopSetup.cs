using OrderConfirm.Platforms;
using OrderConfirm.Toolkit;

namespace OrderConfirm.DemoShop;

public static class DemoShopSetup
{
    /// The demo shop as a third platform, with its one AddShopPlatform line. The sandbox adds it; outside the sandbox
    /// there is no demo shop, and no store can be created for one.
    public static IServiceCollection AddDemoShop(this IServiceCollection services)
    {
        services.AddShopPlatform<DemoShopPlatform>(DemoShopPlatform.Key)
            .WithWebhookHandler<DemoShopWebhookHandler>()
            .WithOrderGuard<DemoShopOrderGuard>()
            .WithWriteBack<DemoShopWriteBack>();

        // Reads and the outcome write may be repeated: retries with backoff, as for a real shop's API (SafeRetries).
        services.AddHttpClient(DemoShopClient.Name, client =>
            {
                client.BaseAddress = DemoShopClient.BaseAddress;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddSafeRetries("demo-shop", static _ =>
            {
                var attempt = TimeSpan.FromSeconds(5);
                return new RetrySettings(attempt, attempt * 4, 2, TimeSpan.FromMilliseconds(200), RetryTooManyRequests: true, MaxRetryAfter: attempt);
            });
        services.AddSingleton<DemoShopClient>();
        services.AddSingleton<DemoShopOrders>();
        services.AddSingleton<DemoShopCheckout>();
        return services;
    }
}
