using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;

namespace OrderConfirm.Tests.Security;

public sealed class SecretProtectorTests
{
    private static readonly string OldKey = NewKey();
    private static readonly string CurrentKey = NewKey();

    [Fact]
    public void Protected_value_round_trips_and_hides_the_plaintext()
    {
        var protector = Protector(OldKey);

        var sealed1 = protector.Protect("shpat_abc123", "store-secrets");
        var sealed2 = protector.Protect("shpat_abc123", "store-secrets");

        Assert.DoesNotContain("shpat_abc123", sealed1, StringComparison.Ordinal);
        Assert.NotEqual(sealed1, sealed2); // a fresh nonce every time
        Assert.Equal("shpat_abc123", protector.Unprotect(sealed1, "store-secrets"));
    }

    [Fact]
    public void Value_cannot_be_read_for_another_purpose_or_after_tampering()
    {
        var protector = Protector(OldKey);
        var sealedPhone = protector.Protect("923001234567", "phone");
        var parts = sealedPhone.Split('.');
        var bytes = Convert.FromBase64String(parts[2]);
        bytes[^1] ^= 0x01;
        var tampered = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(bytes)}";

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedPhone, "store-secrets"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered, "phone"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("not-a-protected-value", "phone"));
    }

    [Fact]
    public void Rotation_keeps_old_values_readable_and_writes_with_the_new_key()
    {
        var before = Protector(OldKey).Protect("token", "store-secrets");
        var rotated = Protector(CurrentKey, OldKey);

        var after = rotated.Protect("token", "store-secrets");

        Assert.Equal("token", rotated.Unprotect(before, "store-secrets"));
        Assert.NotEqual(before.Split('.')[1], after.Split('.')[1]);
        Assert.ThrowsAny<CryptographicException>(() => Protector(CurrentKey).Unprotect(before, "store-secrets"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64 at all")]
    public void Key_that_is_not_32_bytes_is_refused(string key)
        => Assert.Throws<InvalidOperationException>(() => Protector(key));

    // Callers (WebhookProcessor) catch CryptographicException to mark a value unreadable, and Unprotect already reports
    // an unknown format or a truncated value that way; a value whose base64 text was damaged must not escape as another type.
    [Fact]
    public void Damaged_text_is_reported_as_a_cryptographic_failure()
    {
        var protector = Protector(OldKey);
        var value = protector.Protect("923001234567", "phone");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(value[..^1], "phone")); // cut short in storage
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(value + "*", "phone"));
    }

    [Theory]
    [InlineData("secret-value", "secret-value", true)]
    [InlineData("secret-value", "secret-valuE", false)]
    [InlineData("secret", "secret-value", false)]
    [InlineData(null, "secret-value", false)]
    [InlineData("", "", false)]
    public void Constant_time_comparison(string? presented, string expected, bool equal)
        => Assert.Equal(equal, ConstantTime.Equals(presented, expected));

    private static SecretProtector Protector(string key, params string[] previous)
    {
        var options = new EncryptionOptions { Key = key };
        foreach (var old in previous)
        {
            options.PreviousKeys.Add(old);
        }

        return new SecretProtector(Options.Create(options));
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
