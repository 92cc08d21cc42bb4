using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Merchant;

/// Login attempts per client address (as the app resolves it behind trusted proxies): a guesser is slowed to
/// Merchant:LoginPermits per Merchant:LoginWindow whatever e-mail it tries, on top of each account's own lockout. Only
/// the form's POST counts; showing the form does not.
public sealed class LoginRateLimit(IOptionsMonitor<MerchantOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "merchant-login";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, cancellationToken) =>
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(MerchantPageTexts.TooManyLogins(rejected.HttpContext), cancellationToken);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var current = options.CurrentValue;
        return RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = current.LoginPermits, Window = current.LoginWindow, QueueLimit = 0 });
    }
}
