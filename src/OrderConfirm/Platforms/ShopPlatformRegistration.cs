using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Platforms;

/// A platform's one registration: the platform under its key, and its parts under the same key, where the engine
/// looks them up by a store's platform (the webhook processor its handler, the call its guard, the write-back its
/// write-back).
public static class ShopPlatformRegistration
{
    public static ShopPlatformBuilder AddShopPlatform<TPlatform>(this IServiceCollection services, string key)
        where TPlatform : class, IShopPlatform
    {
        services.AddKeyedSingleton<IShopPlatform, TPlatform>(key);
        services.AddSingleton(new ShopPlatformKey(key));
        return new ShopPlatformBuilder(services, key);
    }
}

/// Names a registered platform, so the stores API can list and check them without knowing any.
public sealed record ShopPlatformKey(string Key);

public sealed record ShopPlatformBuilder(IServiceCollection Services, string Key)
{
    // Scoped: a handler applies a delivery inside the processor's scope, with the intake's scoped services.
    public ShopPlatformBuilder WithWebhookHandler<THandler>()
        where THandler : class, IWebhookHandler
    {
        Services.AddKeyedScoped<IWebhookHandler, THandler>(Key);
        return this;
    }

    public ShopPlatformBuilder WithOrderGuard<TGuard>()
        where TGuard : class, IOrderGuard
    {
        Services.AddKeyedSingleton<IOrderGuard, TGuard>(Key);
        return this;
    }

    public ShopPlatformBuilder WithWriteBack<TWriteBack>()
        where TWriteBack : class, IOrderWriteBack
    {
        Services.AddKeyedSingleton<IOrderWriteBack, TWriteBack>(Key);
        return this;
    }

    public ShopPlatformBuilder WithSampleWebhook<TSample>()
        where TSample : class, IShopSampleWebhook
    {
        Services.AddKeyedSingleton<IShopSampleWebhook, TSample>(Key);
        return this;
    }
}
