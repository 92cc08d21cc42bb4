using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

// HTTP Basic login for the Hangfire dashboard and the merchant pages; browsers show their own login prompt on the challenge.
// Serve it over HTTPS only (the README's deployment section puts it behind TLS).
public sealed class DashboardBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<DashboardLoginOptions> login)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "DashboardBasic";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        var expected = login.CurrentValue;
        // Both comparisons always run so the time taken does not tell which half was wrong.
        var userOk = ConstantTime.Equals(separator < 0 ? decoded : decoded[..separator], expected.Username);
        var passwordOk = ConstantTime.Equals(separator < 0 ? string.Empty : decoded[(separator + 1)..], expected.Password);
        if (!(userOk & passwordOk))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid dashboard credentials."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, expected.Username!), new Claim(ClaimTypes.Role, "merchant")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"OrderConfirm\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
