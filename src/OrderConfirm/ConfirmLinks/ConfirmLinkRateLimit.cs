using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderConfirm.ConfirmLinks;

/// The link page's rate limit, counted twice: per client address (generous, for carrier NAT) and per link (a few
/// answers' worth, whatever the address). A request counts against its address first, then against its link, so a
/// client refused for its address does not use up the link's count. Only requests routed to the page are counted.
/// The link's partition key is the hash the database keeps, never the token: partition keys can surface in
/// diagnostics, and the token is a bearer secret.
public static class ConfirmLinkRateLimit
{
    public static PartitionedRateLimiter<HttpContext> Create()
        => PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(ByAddress),
            PartitionedRateLimiter.Create<HttpContext, string>(ByLink));

    private static RateLimitPartition<string> ByAddress(HttpContext context)
    {
        if (!IsLinkPage(context))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var options = Options(context);
        return RateLimitPartition.GetFixedWindowLimiter(
            "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => Window(options.RateLimitPermits, options.RateLimitWindow));
    }

    private static RateLimitPartition<string> ByLink(HttpContext context)
    {
        // A token without a valid signature costs no database read and has no count of its own: only its address's.
        if (!IsLinkPage(context)
            || context.Request.RouteValues["token"] is not string token
            || context.RequestServices.GetRequiredService<ConfirmLinkToken>().Verify(token) is not { } hash)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var options = Options(context);
        return RateLimitPartition.GetFixedWindowLimiter("link:" + hash, _ => Window(options.TokenRateLimitPermits, options.RateLimitWindow));
    }

    private static bool IsLinkPage(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ConfirmLinkPageMarker>() is not null;

    private static ConfirmLinkOptions Options(HttpContext context)
        => context.RequestServices.GetRequiredService<IOptionsMonitor<ConfirmLinkOptions>>().CurrentValue;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window)
        => new() { PermitLimit = permits, Window = window, QueueLimit = 0 };
}

/// Endpoint metadata of the public link page's routes: what the rate limit counts.
public sealed class ConfirmLinkPageMarker
{
    public static readonly ConfirmLinkPageMarker Instance = new();
}
