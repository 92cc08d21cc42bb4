using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

// AES-256-GCM envelope for values kept at rest (shop tokens, API keys, customer phones).
// Format: "v1.{key id}.{base64(nonce | ciphertext | tag)}"; the key id lets a rotated key keep reading old rows.
// Each value is bound to a purpose (associated data), so a token cannot be swapped into a phone column.
public sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly (string Id, byte[] Key) _current;
    private readonly Dictionary<string, byte[]> _all = new(StringComparer.Ordinal);

    public SecretProtector(IOptions<EncryptionOptions> options)
    {
        var value = options.Value;
        _current = Decode(value.Key ?? throw new InvalidOperationException("Encryption:Key is not set."));
        _all[_current.Id] = _current.Key;
        foreach (var previous in value.PreviousKeys)
        {
            var (id, key) = Decode(previous);
            _all.TryAdd(id, key);
        }
    }

    public string Protect(string plaintext, string purpose)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), Encoding.UTF8.GetBytes(purpose));
        return $"v1.{_current.Id}.{Convert.ToBase64String(output)}";
    }

    public string Unprotect(string protectedValue, string purpose)
    {
        var parts = protectedValue.Split('.');
        if (parts.Length != 3 || parts[0] != "v1")
        {
            throw new CryptographicException("The protected value has an unknown format.");
        }

        if (!_all.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException($"The protected value was written with key {parts[1]}, which is not configured (Encryption:Key / Encryption:PreviousKeys).");
        }

        var data = new byte[parts[2].Length * 3 / 4];
        if (!Convert.TryFromBase64String(parts[2], data, out var length))
        {
            throw new CryptographicException("The protected value is damaged (not base64).");
        }

        data = data[..length];
        if (data.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected value is truncated.");
        }

        var plaintext = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plaintext.Length), data.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(plaintext);
    }

    internal static bool IsValidKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == 32;
    }

    private static (string Id, byte[] Key) Decode(string base64)
    {
        if (!IsValidKey(base64))
        {
            throw new InvalidOperationException("An encryption key must be the base64 encoding of exactly 32 bytes.");
        }

        var key = Convert.FromBase64String(base64);
        var id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4));
        return (id, key);
    }
}
