using Hangfire;
using OrderConfirm.Security;

namespace OrderConfirm.Dashboard;

public static class DashboardSetup
{
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder routes)
    {
        var storage = routes.ServiceProvider.GetRequiredService<JobStorage>();
        routes.MapHangfireDashboardWithAuthorizationPolicy(
            AuthPolicies.Dashboard,
            "/hangfire",
            new DashboardOptions
            {
                DashboardTitle = "OrderConfirm jobs",
                DisplayStorageConnectionString = false,
                AppPath = null, // there is no site behind "Back to site"
            },
            storage);
        return routes;
    }
}
