using System.Security.Claims;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Merchant;

/// Which store a page shows: an owner's own, whatever they ask (StoreScope); for the operator the one asked for, else
/// the first by name, with every store for the picker.
public static class StorePick
{
    public static async Task<(long? StoreId, IReadOnlyList<(long Id, string Name)> Stores)> ResolveAsync(
        ClaimsPrincipal user, long? asked, StoreRepository stores, CancellationToken cancellationToken)
    {
        if (StoreScope.IsRestricted(user, out var own))
        {
            return (own, []);
        }

        var all = (await stores.ListAsync(cancellationToken)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => (s.Id, s.Name)).ToList();
        return (asked is { } id && all.Any(s => s.Id == id) ? id : all.Count > 0 ? all[0].Id : null, all);
    }
}
