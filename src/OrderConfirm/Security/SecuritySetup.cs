using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
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
        DeploymentSettings.Register(builder.Services);
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<KeyFingerprints>();
        builder.Services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IShopHostResolver, DnsShopHostResolver>();
        builder.Services.AddSingleton<ShopConnector>();
        builder.Services.AddSingleton<IAuthorizationHandler, AdminOrAllowedStoreKeyHandler>();

        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, StoreKeyAuthenticationHandler>(StoreKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, DashboardBasicAuthenticationHandler>(DashboardBasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            // The admin key everywhere; a store key only where an endpoint allows it (ApiAccess). The admin scheme comes
            // first: it writes the 401 challenge, and the store scheme the 403 for a store key on an admin endpoint.
            .AddPolicy(AuthPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName, StoreKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new AdminOrAllowedStoreKey()))
            .AddPolicy(AuthPolicies.Metrics, policy => policy
                .AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName)
                .RequireRole(ApiAccess.AdminRole, ApiAccess.MetricsRole))
            .AddPolicy(AuthPolicies.Dashboard, policy => policy.AddAuthenticationSchemes(DashboardBasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return builder;
    }
}
