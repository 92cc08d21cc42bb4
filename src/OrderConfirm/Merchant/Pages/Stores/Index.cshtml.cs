using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderConfirm.Security;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;

namespace OrderConfirm.Merchant.Pages.Stores;

/// Every store, for the operator: its platform, whether it is enabled, what needs attention, where its orders arrive.
/// A store owner has one store and is sent to its connect page.
public sealed class IndexModel(StoreRepository stores, StoreViews views) : PageModel
{
    public IReadOnlyList<StoreResponse> Stores { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (StoreScope.IsRestricted(User, out var own))
        {
            return LocalRedirect($"/stores/{own}/connect");
        }

        var list = new List<StoreResponse>();
        foreach (var store in (await stores.ListAsync(cancellationToken)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(await views.ToResponseAsync(store, HttpContext, cancellationToken));
        }

        Stores = list;
        return Page();
    }
}
