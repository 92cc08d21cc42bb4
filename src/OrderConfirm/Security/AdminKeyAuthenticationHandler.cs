using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

public sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "AdminKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header["Bearer ".Length..].Trim();
        var keys = admin.CurrentValue;
        // Both comparisons always run: which key matched must not show in the time taken.
        var isAdmin = ConstantTime.Equals(presented, keys.ApiKey);
        var isMetrics = !string.IsNullOrEmpty(keys.MetricsKey) & ConstantTime.Equals(presented, keys.MetricsKey);
        if (!isAdmin && !isMetrics)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin key."));
        }

        var role = isAdmin ? ApiAccess.AdminRole : ApiAccess.MetricsRole;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"OrderConfirm admin API\"";
        await TypedResults.Problem(
            title: "Unauthorized",
            detail: "Send the admin key as 'Authorization: Bearer <Admin:ApiKey>'.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
