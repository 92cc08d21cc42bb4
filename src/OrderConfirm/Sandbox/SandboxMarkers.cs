using System.Text;
using System.Text.RegularExpressions;

namespace OrderConfirm.Sandbox;

/// Says "sandbox" on everything the service answers while it is on: X-OrderConfirm-Sandbox: true on every response
/// (error pages included: set as the response starts, after whatever cleared the headers on the way, as the exception
/// handler does), and a line at the top of every HTML page a browser asks for (the confirm-link page, the dashboard).
/// First in the pipeline, so nothing answers before it.
public sealed partial class SandboxMarkers : IStartupFilter
{
    public const string Header = "X-OrderConfirm-Sandbox";

    // Inline style only: the confirm-link page's Content-Security-Policy allows that and nothing else.
    internal const string Banner =
        """<div dir="ltr" role="status" style="background:#8a3b00;color:#fff;padding:6px;text-align:center;font:14px/1.4 sans-serif">SANDBOX: calls and SMS are simulated; nobody is phoned or texted.</div>""";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
        => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[Header] = "true";
                    return Task.CompletedTask;
                });

                if (!context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    await nextMiddleware(context);
                    return;
                }

                await WithBannerAsync(context, nextMiddleware);
            });
            next(app);
        };

    /// The page with the banner right after its opening body tag; anything without one as it was.
    internal static string WithBanner(string html)
        => BodyTag().Match(html) is { Success: true } body ? html.Insert(body.Index + body.Length, Banner) : html;

    // A page a browser loads is small; it is held until complete, so the banner can go in and the length be set.
    private static async Task WithBannerAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        buffer.Position = 0;
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var page = Encoding.UTF8.GetBytes(WithBanner(Encoding.UTF8.GetString(buffer.ToArray())));
            context.Response.ContentLength = page.Length;
            await original.WriteAsync(page, context.RequestAborted);
            return;
        }

        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    [GeneratedRegex("<body[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BodyTag();
}
