using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OrderConfirm.Merchant.Pages;

/// Sign-out is a POST with the antiforgery token (a GET would let any page sign the user out); a GET goes home.
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/orders");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(MerchantSession.Scheme);
        return LocalRedirect("/login");
    }
}
