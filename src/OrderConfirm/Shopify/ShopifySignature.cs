using System.Security.Cryptography;

namespace OrderConfirm.Shopify;

/// X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body bytes, checked in constant time against every key the
/// store accepts (current and, during a rotation, previous).
public static class ShopifySignature
{
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, IReadOnlyList<byte[]> keys)
    {
        Span<byte> given = stackalloc byte[32];
        if (string.IsNullOrWhiteSpace(header) || !Convert.TryFromBase64String(header.Trim(), given, out var length) || length != 32)
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[32];
        var valid = false;
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, body, computed);
            valid |= CryptographicOperations.FixedTimeEquals(computed, given);
        }

        return valid;
    }

    public static string Sign(ReadOnlySpan<byte> body, byte[] key) => Convert.ToBase64String(HMACSHA256.HashData(key, body));
}
