using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OrderConfirm.Merchant.Pages;

/// The layout's language switch posts here (with its antiforgery token, as every form): the choice is kept in the
/// standard culture cookie (MerchantCultures) for a year, and the user goes back to the page they were on.
public sealed class LanguageModel(TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/orders");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (culture is not null && MerchantCultures.Supported.Contains(culture, StringComparer.Ordinal))
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Path = "/",
                    Expires = clock.GetUtcNow().AddYears(1),
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = Request.IsHttps,
                    IsEssential = true,
                });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/orders");
    }
}
