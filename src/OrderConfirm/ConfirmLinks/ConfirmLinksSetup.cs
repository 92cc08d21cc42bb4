using System.Threading.RateLimiting;

namespace OrderConfirm.ConfirmLinks;

public static class ConfirmLinksSetup
{
    public static IHostApplicationBuilder AddConfirmLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConfirmLinkOptions>()
            .BindConfiguration(ConfirmLinkOptions.Section)
            .Validate(o => o.ValidFor > TimeSpan.Zero && o.ValidFor <= TimeSpan.FromDays(30), "Links:ValidFor must be positive and at most 30 days.")
            .Validate(o => o.RateLimitPermits > 0, "Links:RateLimitPermits must be at least 1.")
            .Validate(o => o.TokenRateLimitPermits > 0, "Links:TokenRateLimitPermits must be at least 1.")
            .Validate(o => o.RateLimitWindow > TimeSpan.Zero, "Links:RateLimitWindow must be positive.")
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ConfirmLinkToken>();
        builder.Services.AddSingleton<ConfirmLinkRepository>();
        builder.Services.AddScoped<ConfirmLinkService>();
        builder.Services.AddScoped<ConfirmLinkPages>();

        // Only the public page is limited (its routes carry ConfirmLinkPageMarker); the API and the webhooks are not.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = ConfirmLinkRateLimit.Create();
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var texts = ConfirmLinkTexts.For(context.Request.Query["lang"], null);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.ContentType = "text/html; charset=utf-8";
                ConfirmLinkHeaders.Apply(context.Response);
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.Response.WriteAsync(ConfirmLinkPage.Message(texts, texts.TooMany), cancellationToken);
            };
        });

        // Keeps the token out of the request log lines and scopes (see TokenHidingHttpContextFactory); the route
        // matcher's debug lines name the path too.
        builder.Services.AddSingleton<IHttpContextFactory, TokenHidingHttpContextFactory>();
        builder.Services.AddSingleton<IStartupFilter, RevealLinkPathStartupFilter>();
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information);
        return builder;
    }
}
