using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using OrderConfirm.ApiDocs;
using OrderConfirm.Toolkit;
using OrderConfirm.Custom;
using OrderConfirm.ConfirmLinks;
using OrderConfirm.Dashboard;
using OrderConfirm.Merchant;
using OrderConfirm.Security;
using OrderConfirm.Shopify;
using OrderConfirm.Balances;
using OrderConfirm.Sandbox;
using OrderConfirm.StoreAdmin;
using OrderConfirm.StoreUsers;
using OrderConfirm.Telemetry;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Hosting;

public static class ApiSetup
{
    private const long ApiBodyLimit = 64 * 1024;

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures throw, so BadRequestExceptionHandler can name the field in a problem response.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddAntiforgery();
        return builder;
    }

    public static WebApplication MapEndpoints(this WebApplication app, Roles roles)
    {
        app.CheckSettingsTogether();

        // First, so the rate limiter and everything after it see the client behind a trusted proxy.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMerchantCultures();
        app.UseMiddleware<JsonBodyCheck>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync });
        app.MapMetrics();

        if (roles.Web)
        {
            var api = app.MapGroup("/").RequireAuthorization(AuthPolicies.Admin).WithMetadata(new RequestSizeLimit(ApiBodyLimit));
            api.MapStoresApi().MapStoreBalance();
            api.MapCustomShopsApi();
            api.MapStoreUsersApi();
            api.MapVerificationsApi();
            app.MapConfirmLinks();
            Webhooks.WebhookDeliveriesApi.MapWebhookDeliveriesApi(api);
            app.MapShopifyWebhooks();
            app.MapWooCommerceWebhooks();
            app.MapJobsDashboard();
            app.MapMerchantPages();
            app.MapApiDocs();
        }

        // Whatever the roles: the instance that calls a simulated provider serves it (the sandbox runs as one instance).
        app.MapSandbox();

        return app;
    }
}
