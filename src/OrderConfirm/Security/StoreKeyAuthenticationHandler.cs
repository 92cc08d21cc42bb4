using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

/// A store's own key ("Authorization: Bearer oc_store_…"): the caller is that store and nothing more. What it may do is
/// decided by ApiAccess (only endpoints marked AllowStoreKeys) and StoreScope (only its own store's data).
public sealed class StoreKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IStoreKeyLookup keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "StoreKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer " + IStoreKeyLookup.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (await keys.FindStoreAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted) is not { } storeId)
        {
            return AuthenticateResult.Fail("Unknown or replaced store key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"store {storeId}"),
                new Claim(ClaimTypes.Role, StoreScope.StoreRole),
                new Claim(StoreScope.StoreIdClaim, storeId.ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // The admin scheme answers the challenge (its problem response names both ways in); writing a second one here
    // would start the response twice.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            return;
        }

        await TypedResults.Problem(
            title: "Forbidden",
            detail: "A store key can only create and read its own store's verifications; this endpoint needs the admin key.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }
}

/// Finds the store a presented key belongs to (Stores/StoreApiKeys keeps the keys; plumbing cannot use it directly).
public interface IStoreKeyLookup
{
    const string Scheme = "oc_store_";

    /// The store the key belongs to, or null for a key that is unknown, replaced or malformed.
    Task<long?> FindStoreAsync(string presented, CancellationToken cancellationToken);
}
