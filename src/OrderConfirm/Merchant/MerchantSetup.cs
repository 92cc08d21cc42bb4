using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace OrderConfirm.Merchant;

/// The merchant pages (ADR 0014): Razor Pages in this folder, the cookie session, the login limit, the texts.
public static class MerchantSetup
{
    public static IHostApplicationBuilder AddMerchantPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MerchantOptions>().BindConfiguration(MerchantOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MerchantOptions>, MerchantOptionsValidator>();
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(MerchantCultures.Configure);
        // Urdu written as itself, not as &#x...; entities (three times the bytes on a phone); <, >, & and quotes are
        // still encoded.
        builder.Services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Merchant/Pages";
            pages.Conventions.AuthorizeFolder("/", MerchantSession.Policy);
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/Language");
        });

        var development = builder.Environment.IsDevelopment();
        builder.Services.AddAuthentication().AddCookie(MerchantSession.Scheme, cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/login";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = true;
            cookie.Cookie.Name = "orderconfirm.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.IsEssential = true;
            cookie.Events.OnValidatePrincipal = MerchantSession.ValidateAsync;
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(MerchantSession.Scheme).Configure<IOptions<MerchantOptions>>((cookie, merchant) =>
        {
            cookie.ExpireTimeSpan = merchant.Value.SessionIdleTimeout;
            cookie.Cookie.SecurePolicy = (merchant.Value.SecureCookie ?? !development) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(MerchantSession.Policy, policy => policy.AddAuthenticationSchemes(MerchantSession.Scheme).RequireAuthenticatedUser());
        builder.Services.AddSingleton<AttentionCounts>();
        builder.Services.AddSingleton<LoginRateLimit>();
        builder.Services.AddScoped<SmsPreviewer>();
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy<string, LoginRateLimit>(LoginRateLimit.Name));
        return builder;
    }

    public static IEndpointRouteBuilder MapMerchantPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => TypedResults.Redirect("/orders")).ExcludeFromDescription();
        routes.MapRazorPages();
        return routes;
    }
}
