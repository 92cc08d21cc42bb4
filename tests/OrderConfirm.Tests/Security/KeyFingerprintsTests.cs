using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;

namespace OrderConfirm.Tests.Security;

public sealed class KeyFingerprintsTests
{
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_fingerprint_is_stable_short_and_reveals_nothing()
    {
        var fingerprints = For(EncryptionKey);
        var fingerprint = fingerprints.For("rc-key-123");

        Assert.Equal(fingerprint, fingerprints.For("rc-key-123"));
        Assert.Equal(fingerprint, For(EncryptionKey).For("rc-key-123")); // the same on every instance of the service
        Assert.NotEqual(fingerprint, fingerprints.For("rc-key-124"));
        Assert.Matches("^[0-9a-f]{24}$", fingerprint);
        Assert.DoesNotContain("rc-key-123", fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_key_cannot_be_found_from_its_fingerprint_without_the_encryption_key()
    {
        const string shortKey = "4821";
        var fingerprint = For(EncryptionKey).For(shortKey);

        Assert.NotEqual(fingerprint, For(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).For(shortKey));
        // The unkeyed hashes anyone could try candidates against.
        Assert.DoesNotContain(fingerprint, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shortKey))), StringComparison.Ordinal);
        Assert.DoesNotContain(fingerprint, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("orderconfirm-fingerprint:" + shortKey))), StringComparison.Ordinal);
    }

    private static KeyFingerprints For(string encryptionKey) => new(Options.Create(new EncryptionOptions { Key = encryptionKey }));
}
