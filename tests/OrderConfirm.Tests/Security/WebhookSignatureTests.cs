using System.Security.Cryptography;
using System.Text;
using OrderConfirm.Security;

namespace OrderConfirm.Tests.Security;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":4817,"total":"2500.00"}""");
    private static readonly byte[] Current = Encoding.UTF8.GetBytes("current-secret");
    private static readonly byte[] Previous = Encoding.UTF8.GetBytes("previous-secret");

    [Fact]
    public void The_signature_is_the_base64_hmac_sha256_of_the_raw_body()
        // RFC 4231, test case 2.
        => Assert.Equal("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", WebhookSignature.Sign("what do ya want for nothing?"u8, "Jefe"u8.ToArray()));

    [Fact]
    public void A_body_signed_with_the_current_secret_is_accepted()
        => Assert.True(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, Current), [Current]));

    [Fact]
    public void A_body_signed_with_a_secret_the_store_does_not_hold_is_refused()
        => Assert.False(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, Encoding.UTF8.GetBytes("someone-else")), [Current, Previous]));

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        var signature = WebhookSignature.Sign(Body, Current);
        var tampered = Encoding.UTF8.GetBytes("""{"id":4817,"total":"1.00"}""");

        Assert.False(WebhookSignature.IsValid(tampered, signature, [Current]));
        Assert.False(WebhookSignature.IsValid([.. Body, (byte)' '], signature, [Current])); // the raw bytes, not the JSON
    }

    [Fact]
    public void A_second_accepted_secret_is_enough_and_accepts_only_while_the_store_holds_it()
    {
        var signedWithPrevious = WebhookSignature.Sign(Body, Previous);

        Assert.True(WebhookSignature.IsValid(Body, signedWithPrevious, [Current, Previous]));
        Assert.True(WebhookSignature.IsValid(Body, signedWithPrevious, [Previous, Current]));
        Assert.False(WebhookSignature.IsValid(Body, signedWithPrevious, [Current]));
    }

    [Fact]
    public void No_accepted_secret_accepts_nothing()
        => Assert.False(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, Current), []));

    [Fact]
    public void Surrounding_whitespace_in_the_header_is_ignored()
        => Assert.True(WebhookSignature.IsValid(Body, " " + WebhookSignature.Sign(Body, Current) + "\t", [Current]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64!")]
    [InlineData("sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")]
    public void A_malformed_header_is_refused(string? header)
        => Assert.False(WebhookSignature.IsValid(Body, header, [Current]));

    [Fact]
    public void A_hex_signature_of_the_right_hmac_is_refused()
        => Assert.False(WebhookSignature.IsValid(Body, Convert.ToHexString(HMACSHA256.HashData(Current, Body)), [Current]));

    [Fact]
    public void A_right_hmac_cut_short_or_with_bytes_added_is_refused()
    {
        var hmac = HMACSHA256.HashData(Current, Body);

        Assert.False(WebhookSignature.IsValid(Body, Convert.ToBase64String(hmac[..24]), [Current]));
        Assert.False(WebhookSignature.IsValid(Body, Convert.ToBase64String([.. hmac, 0]), [Current]));
        Assert.False(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, Current)[..20], [Current])); // cut text
    }
}
