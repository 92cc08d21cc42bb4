using Microsoft.AspNetCore.Authorization;

namespace OrderConfirm.Security;

/// The admin API's rule: the admin key opens every endpoint; a store key opens only the endpoints marked
/// AllowStoreKeys (creating and reading verifications), and StoreScope keeps it to its own store there. Deny by
/// default: an endpoint added later is admin-only until someone marks it.
public static class ApiAccess
{
    public const string AdminRole = "admin";

    /// The metrics key's only right: reading /metrics.
    public const string MetricsRole = "metrics";

    /// Opens the endpoint to store keys as well as the admin key.
    public static TBuilder AllowStoreKeys<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(StoreKeysAllowed.Instance);
}

/// Endpoint metadata: store keys may call this endpoint.
public sealed class StoreKeysAllowed
{
    public static readonly StoreKeysAllowed Instance = new();

    private StoreKeysAllowed()
    {
    }
}

public sealed class AdminOrAllowedStoreKey : IAuthorizationRequirement;

public sealed class AdminOrAllowedStoreKeyHandler : AuthorizationHandler<AdminOrAllowedStoreKey>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminOrAllowedStoreKey requirement)
    {
        var user = context.User;
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint();
        if (user.IsInRole(ApiAccess.AdminRole)
            || (user.IsInRole(StoreScope.StoreRole) && endpoint?.Metadata.GetMetadata<StoreKeysAllowed>() is not null))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
