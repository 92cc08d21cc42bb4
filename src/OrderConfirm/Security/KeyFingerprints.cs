using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

/// A stable, non-reversible id for a provider key (which Robo Call key ran out of balance or was rejected), safe to
/// store, show and log. It is keyed — HMAC-SHA256 with a key derived (HKDF) from Encryption:Key — because some keys are
/// short: an unkeyed hash in a warning line would let anyone who reads the logs find the key by hashing candidates.
/// Rotating Encryption:Key changes every fingerprint; that only forgets what was learnt about each key's account, which
/// the next dial or balance check learns again.
public sealed class KeyFingerprints
{
    private const int Bytes = 12;
    private static readonly byte[] Info = "OrderConfirm.KeyFingerprints.v1"u8.ToArray();
    private readonly byte[] _key;

    public KeyFingerprints(IOptions<EncryptionOptions> options)
    {
        var key = options.Value.Key ?? throw new InvalidOperationException("Encryption:Key is not set.");
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(key), 32, salt: [], info: Info);
    }

    public string For(string secret)
        => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(secret)).AsSpan(0, Bytes));
}
