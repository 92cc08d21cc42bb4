using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.ConfirmLinks;

/// Hands out confirm links. Each call mints a new link (the table keeps only a hash, so an earlier link cannot be
/// shown again); every link of a verification stays good until it expires, and the first answer through any of them
/// decides, because the answer is a conditional change of the verification.
public sealed class ConfirmLinkService(
    ConfirmLinkRepository links,
    VerificationRepository verifications,
    StoreZones zones,
    ConfirmLinkToken tokens,
    IOptionsMonitor<ConfirmLinkOptions> options,
    IConfiguration configuration,
    TimeProvider clock)
{
    public const string PathPrefix = "/c/";

    public async Task<ConfirmLinkResult> GetOrCreateAsync(long verificationId, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(verificationId, cancellationToken) is not { } verification)
        {
            return new ConfirmLinkResult.NotFound();
        }

        if (!await links.CanTakeAnswerAsync(verificationId, cancellationToken))
        {
            return new ConfirmLinkResult.Closed();
        }

        var (token, hash) = tokens.Create();
        var expiresAt = clock.GetUtcNow() + options.CurrentValue.ValidFor;
        // The timeline is read by operators and shown in the API: it says that a link exists, never what it is.
        await links.CreateAsync(verificationId, hash, expiresAt, $"Confirm link created, expires {await zones.StampAsync(verification.StoreId, expiresAt, cancellationToken)}", cancellationToken);
        var root = PublicRoot();
        return new ConfirmLinkResult.Created(root is null ? PathPrefix + token : root + PathPrefix + token, expiresAt, root is not null);
    }

    /// Whether the verification can still take an answer, so a text may offer it a link.
    public Task<bool> CanTakeAnswerAsync(long verificationId, CancellationToken cancellationToken) => links.CanTakeAnswerAsync(verificationId, cancellationToken);

    /// Text of a link's exact length, for counting an SMS's segments before its link is minted (only once its send is
    /// claimed, so a send that finds the claim mints nothing). Null when the service has no public address for links.
    public string? Placeholder() => PublicRoot() is { } root ? root + PathPrefix + new string('x', ConfirmLinkToken.TokenChars) : null;

    public string? PublicRoot() => PublicAddress.Root(configuration);
}

public abstract record ConfirmLinkResult
{
    private ConfirmLinkResult()
    {
    }

    /// Url is absolute when PublicBaseUrl is set, else the path only (Absolute false).
    public sealed record Created(string Url, DateTimeOffset ExpiresAt, bool Absolute) : ConfirmLinkResult;

    public sealed record NotFound : ConfirmLinkResult;

    /// The verification has an answer (or was closed) and cannot take one from a link any more.
    public sealed record Closed : ConfirmLinkResult;
}
