using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OrderConfirm.Security;
using OrderConfirm.StoreUsers;
using OrderConfirm.Verification;

namespace OrderConfirm.Merchant;

/// The pages' cookie session. It carries the claims StoreScope reads (the admin role for the operator, the store role
/// and store id for an owner), so "who may see store X" has one rule for the API and the pages. It is its own scheme:
/// the API's policy never looks at it, so a session cookie opens no /api/* endpoint (no cross-site request can use it).
public static class MerchantSession
{
    public const string Scheme = "merchant";
    public const string Policy = "merchant";
    private const string UserIdClaim = "orderconfirm:user";

    public static ClaimsPrincipal Operator(string name) => Principal(
        new Claim(ClaimTypes.Name, name),
        new Claim(ClaimTypes.Role, ApiAccess.AdminRole));

    public static ClaimsPrincipal Owner(StoreUserSignInResult.Accepted owner) => Principal(
        new Claim(ClaimTypes.Name, owner.Email),
        new Claim(ClaimTypes.Role, StoreScope.StoreRole),
        new Claim(StoreScope.StoreIdClaim, owner.StoreId.ToString(CultureInfo.InvariantCulture)),
        new Claim(UserIdClaim, owner.UserId.ToString(CultureInfo.InvariantCulture)));

    public static bool IsOperator(ClaimsPrincipal user) => user.IsInRole(ApiAccess.AdminRole);

    /// Who the session acts as on a verification: the operator, or the owner's login (named by its id in the timeline).
    public static ActingPerson Acting(ClaimsPrincipal user)
        => !IsOperator(user) && long.TryParse(user.FindFirstValue(UserIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? ActingPerson.Owner(userId)
            : ActingPerson.Operator;

    /// An owner's session stands only while the login exists, belongs to the store and has not had its password reset
    /// since the session began: deleting a login or resetting its password ends the sessions it had open.
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        // The orders list refreshing itself in an open tab is not the user at work: it does not move the session on,
        // so a tab left open still signs out after Merchant:SessionIdleTimeout.
        if (context.HttpContext.Request.Query.ContainsKey("partial"))
        {
            context.ShouldRenew = false;
        }

        var user = context.Principal;
        if (user is null || IsOperator(user))
        {
            return;
        }

        var current = long.TryParse(user.FindFirstValue(UserIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            && StoreScope.IsRestricted(user, out var storeId)
            && context.Properties.IssuedUtc is { } issued
            && await context.HttpContext.RequestServices.GetRequiredService<IStoreUserSessions>().IsCurrentAsync(userId, storeId, issued, context.HttpContext.RequestAborted);
        if (!current)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
}
