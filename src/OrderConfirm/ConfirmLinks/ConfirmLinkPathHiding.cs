using Microsoft.AspNetCore.Http.Features;

namespace OrderConfirm.ConfirmLinks;

/// The link token is a bearer secret in the URL path, and ASP.NET Core copies the path into its request log lines and
/// into the log scope every line of the request carries. So the path of a /c/ request is masked when its HttpContext
/// is created (before the hosting log reads it), shown to the app's own pipeline by the first middleware, and masked
/// again on the way out, before the "request finished" line. Routing matches /C/ as well as /c/, so the prefix is
/// compared without regard to case.
public sealed class TokenHidingHttpContextFactory(IServiceProvider services) : IHttpContextFactory
{
    private const string MaskedPath = "/c/-";
    private readonly DefaultHttpContextFactory _inner = new(services);

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        if (featureCollection.Get<IHttpRequestFeature>() is { } request
            && request.Path.StartsWith(ConfirmLinkService.PathPrefix, StringComparison.OrdinalIgnoreCase)
            && request.Path.Length > ConfirmLinkService.PathPrefix.Length)
        {
            featureCollection.Set(new HiddenLinkPath(request.Path, request.RawTarget));
            request.Path = MaskedPath;
            request.RawTarget = MaskedPath;
        }

        return _inner.Create(featureCollection);
    }

    public void Dispose(HttpContext httpContext) => _inner.Dispose(httpContext);
}

public sealed record HiddenLinkPath(string Path, string RawTarget);

public sealed class RevealLinkPathStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Features.Get<HiddenLinkPath>() is not { } hidden)
            {
                await nextMiddleware(context);
                return;
            }

            var masked = context.Request.Path;
            context.Request.Path = hidden.Path;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Request.Path = masked;
            }
        });
        next(app);
    };
}
