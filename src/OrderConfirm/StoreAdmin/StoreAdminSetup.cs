using OrderConfirm.Platforms;

namespace OrderConfirm.StoreAdmin;

public static class StoreAdminSetup
{
    public static IHostApplicationBuilder AddStoreAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopPlatforms>();
        builder.Services.AddScoped<StoreViews>();
        builder.Services.AddScoped<RoboCallKeyCheck>();
        builder.Services.AddScoped<StoreChecks>();
        builder.Services.AddScoped<StoreEditor>();
        return builder;
    }
}
