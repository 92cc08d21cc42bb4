using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;

namespace OrderConfirm.ConfirmLinks;

/// A link token is base64url(16 random bytes | first 16 bytes of HMAC-SHA256(link key, random)): 43 characters for
/// an SMS. The HMAC lets a forged or mistyped token be refused before the database is asked; the random part makes it
/// unguessable. The link key is derived (HKDF) from Encryption:Key, so there is no new secret to deploy, and a key
/// from Encryption:PreviousKeys still verifies links made before a rotation.
public sealed class ConfirmLinkToken
{
    private const int RandomSize = 16;
    private const int MacSize = 16;
    private const int TokenBytes = RandomSize + MacSize;
    public const int TokenChars = 43;
    private static readonly byte[] Info = "OrderConfirm.ConfirmLinks.v1"u8.ToArray();

    private readonly byte[] _current;
    private readonly byte[][] _all;

    public ConfirmLinkToken(IOptions<EncryptionOptions> options)
    {
        var value = options.Value;
        _current = Derive(value.Key ?? throw new InvalidOperationException("Encryption:Key is not set."));
        _all = [_current, .. value.PreviousKeys.Where(SecretProtector.IsValidKey).Select(Derive)];
    }

    public (string Token, string Hash) Create()
    {
        Span<byte> token = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(token[..RandomSize]);
        Mac(_current, token[..RandomSize], token[RandomSize..]);
        return (Base64Url.EncodeToString(token), Hash(token));
    }

    /// The token's database key (hex SHA-256) when its signature holds under a configured key; null otherwise.
    /// Costs two HMACs at most and never touches the database.
    public string? Verify(string? token)
    {
        if (token is not { Length: TokenChars })
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        // The status form: TryDecodeFromChars throws on a character outside the alphabet, and anyone can send those.
        if (Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != TokenBytes)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[MacSize];
        var valid = false;
        foreach (var key in _all)
        {
            Mac(key, bytes[..RandomSize], expected);
            // No early exit: every configured key is tried, whichever matches.
            valid |= CryptographicOperations.FixedTimeEquals(expected, bytes[RandomSize..]);
        }

        return valid ? Hash(bytes) : null;
    }

    // What the table stores: a token cannot be recovered from it. Taken over the decoded bytes, so the spellings
    // base64 allows for the same bytes find the same row.
    private static string Hash(ReadOnlySpan<byte> token) => Convert.ToHexStringLower(SHA256.HashData(token));

    private static void Mac(byte[] key, ReadOnlySpan<byte> random, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, random, full);
        full[..MacSize].CopyTo(destination);
    }

    private static byte[] Derive(string base64Key)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(base64Key), 32, salt: [], info: Info);
}
