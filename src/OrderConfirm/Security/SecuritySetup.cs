using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

public static class SecuritySetup
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<DashboardLoginOptions>().BindConfiguration(DashboardLoginOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<RequiredOutsideDevelopment>();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>>(s => s.GetRequiredService<RequiredOutsideDevelopment>());
        builder.Services.AddSingleton<IValidateOptions<DashboardLoginOptions>>(s => s.GetRequiredService<RequiredOutsideDevelopment>());
        builder.Services.AddSingleton<IValidateOptions<EncryptionOptions>>(s => s.GetRequiredService<RequiredOutsideDevelopment>());
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<KeyFingerprints>();
        builder.Services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IShopHostResolver, DnsShopHostResolver>();
        builder.Services.AddSingleton<ShopConnector>();

        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, DashboardBasicAuthenticationHandler>(DashboardBasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Admin, policy => policy.AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(AuthPolicies.Dashboard, policy => policy.AddAuthenticationSchemes(DashboardBasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return builder;
    }
}
