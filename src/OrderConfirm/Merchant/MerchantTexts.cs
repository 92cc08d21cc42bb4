using System.Net;
using Microsoft.Extensions.Localization;

namespace OrderConfirm.Merchant;

/// The pages' words live in MerchantTexts.resx (English); a translation is a MerchantTexts.ur.resx beside it, with no
/// page touched. This type only names the resource for IStringLocalizer&lt;MerchantTexts&gt;.
public sealed class MerchantTexts;

/// Texts written outside a page (the rate limiter's answer).
public static class MerchantPageTexts
{
    public static string TooManyLogins(HttpContext context)
    {
        var texts = context.RequestServices.GetRequiredService<IStringLocalizer<MerchantTexts>>();
        var message = WebUtility.HtmlEncode(texts["TooManyLogins"]);
        return $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{WebUtility.HtmlEncode(texts["AppName"])}</title><link rel=\"stylesheet\" href=\"/merchant/site.css\"></head><body><main class=\"narrow\"><h1>{WebUtility.HtmlEncode(texts["SignInTitle"])}</h1><p class=\"error\" role=\"alert\">{message}</p><p><a href=\"/login\">{WebUtility.HtmlEncode(texts["SignInTitle"])}</a></p></main></body></html>";
    }
}
