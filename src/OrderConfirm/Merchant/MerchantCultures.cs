using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OrderConfirm.Merchant;

/// The pages' languages. A language is one MerchantTexts.&lt;code&gt;.resx beside MerchantTexts.resx and its code in
/// Supported; a key it lacks reads English (the neutral resource). The user's choice is the standard culture cookie
/// (the layout's switch, /language), else the browser's Accept-Language, else English. Only the pages are localized:
/// the API, its problem details and the confirm-link page (which has its own English and Urdu) stay as they are.
public static class MerchantCultures
{
    public const string Default = "en";

    public static readonly string[] Supported = [Default, "ur"];

    internal static void Configure(RequestLocalizationOptions options)
    {
        options.SetDefaultCulture(Default).AddSupportedCultures(Supported).AddSupportedUICultures(Supported);
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        options.ApplyCurrentCultureToResponseHeaders = true;
    }

    /// Request localization for the Razor Pages' endpoints only (routing has chosen the endpoint by now).
    public static IApplicationBuilder UseMerchantCultures(this IApplicationBuilder app)
        => app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null, pages => pages.UseRequestLocalization());
}
