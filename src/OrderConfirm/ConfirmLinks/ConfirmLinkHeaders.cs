namespace OrderConfirm.ConfirmLinks;

// Every answer under /c/ carries these: the URL holds a bearer token, so nothing may cache it, pass it on as a
// referrer or frame the page; the CSP allows the page's own inline style and its own form, nothing else.
public static class ConfirmLinkHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }

    public static IResult Html(HttpContext context, string html, int statusCode)
    {
        Apply(context.Response);
        return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode);
    }
}
