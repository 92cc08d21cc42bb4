using OrderConfirm.Platforms;

namespace OrderConfirm.Custom;

public static class CustomSetup
{
    public static IHostApplicationBuilder AddCustomShops(this IHostApplicationBuilder builder)
    {
        builder.Services.AddShopPlatform<CustomPlatform>(CustomPlatform.Key).WithWriteBack<CustomStoreWriteBack>();
        return builder;
    }
}
