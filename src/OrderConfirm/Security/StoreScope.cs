using System.Globalization;
using System.Security.Claims;

namespace OrderConfirm.Security;

/// Which stores a caller may see: the admin key every store, a store key its own store only. Endpoints open to store
/// keys (ApiAccess.AllowStoreKeys) ask this before showing or changing anything, and answer a store it may not see as
/// if that store (or verification) did not exist, so a key never learns what another store has.
public static class StoreScope
{
    public const string StoreRole = "store";
    public const string StoreIdClaim = "orderconfirm:store";

    /// True when the caller is a store key, restricted to storeId; false for the admin key.
    public static bool IsRestricted(ClaimsPrincipal user, out long storeId)
    {
        storeId = 0;
        if (user.IsInRole(ApiAccess.AdminRole))
        {
            return false;
        }

        // A caller that is neither (never past ApiAccess) stays restricted, to store 0, which never exists.
        _ = long.TryParse(user.FindFirstValue(StoreIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out storeId);
        return true;
    }

    /// Whether the caller may see the store's data.
    public static bool Sees(ClaimsPrincipal user, long storeId) => !IsRestricted(user, out var own) || own == storeId;
}
