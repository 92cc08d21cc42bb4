using OrderConfirm.Toolkit;

namespace OrderConfirm.Stores;

public static class StoresSetup
{
    public static IHostApplicationBuilder AddStores(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StoreRepository>();
        builder.Services.AddSingleton<IJsonObjectFields, StoreSettingsFields>();
        builder.Services.AddSingleton<StoreApiKeys>();
        builder.Services.AddSingleton<OrderConfirm.Security.IStoreKeyLookup>(s => s.GetRequiredService<StoreApiKeys>());
        return builder;
    }
}
