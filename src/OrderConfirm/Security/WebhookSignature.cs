using System.Security.Cryptography;

namespace OrderConfirm.Security;

/// A shop's webhook signature: the base64 HMAC-SHA256 of the raw body bytes (Shopify's X-Shopify-Hmac-Sha256,
/// WooCommerce's X-WC-Webhook-Signature), checked in constant time against every key the store accepts: current and,
/// during a rotation, previous; for WooCommerce also the secret as it signs with it (WooCommerceSignature.KeysFor).
public static class WebhookSignature
{
    private const int HashLength = 32;

    public static bool IsValid(ReadOnlySpan<byte> body, string? header, IReadOnlyList<byte[]> keys)
    {
        Span<byte> given = stackalloc byte[HashLength];
        if (string.IsNullOrWhiteSpace(header) || !Convert.TryFromBase64String(header.Trim(), given, out var length) || length != HashLength)
        {
            return false;
        }

        // Every key is tried, even after a match, so the time taken does not tell which key signed.
        Span<byte> computed = stackalloc byte[HashLength];
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
