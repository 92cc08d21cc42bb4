using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

public sealed class PakistaniMobileTests
{
    [Theory]
    [InlineData("03001234567", "923001234567")]
    [InlineData("0300-1234567", "923001234567")]
    [InlineData("0300 123 4567", "923001234567")]
    [InlineData("(0300) 1234567", "923001234567")]
    [InlineData("+92 300 1234567", "923001234567")]
    [InlineData("+92-300-1234567", "923001234567")]
    [InlineData("+92 (300) 123-4567", "923001234567")]
    [InlineData("0092 300 1234567", "923001234567")]
    [InlineData("923001234567", "923001234567")]
    [InlineData("3001234567", "923001234567")]
    [InlineData(" 0300-1234567 ", "923001234567")]
    [InlineData("03211234567", "923211234567")]
    [InlineData("03451234567", "923451234567")]
    [InlineData("0345 1234567", "923451234567")]
    [InlineData("0333.1234567", "923331234567")]
    [InlineData("۰۳۰۰۱۲۳۴۵۶۷", "923001234567")]
    [InlineData("٠٣٠٠١٢٣٤٥٦٧", "923001234567")]
    [InlineData("０３００１２３４５６７", "923001234567")]
    [InlineData("＋９２ ３００ １２３４５６７", "923001234567")]
    [InlineData("۰۳۰۰-۱۲۳۴۵۶۷", "923001234567")]
    [InlineData("+92-0300-1234567", "923001234567")]
    [InlineData("+92 0300 1234567", "923001234567")]
    [InlineData("0092 0300 1234567", "923001234567")]
    [InlineData("+92 (0300) 1234567", "923001234567")]
    public void Normalize_accepts_common_spellings_of_a_mobile(string input, string expected)
    {
        Assert.True(PakistaniMobile.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("0300123456")]
    [InlineData("030012345678")]
    [InlineData("+1 415 555 0100")]
    [InlineData("+44 7700 900123")]
    [InlineData("042 35761234")]
    [InlineData("021 34567890")]
    [InlineData("0300-CALLME1")]
    [InlineData("call me on 03001234567")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000")]
    public void Normalize_rejects_anything_that_is_not_a_pakistani_mobile(string? input)
    {
        Assert.False(PakistaniMobile.TryNormalize(input, out var normalized));
        Assert.Null(normalized);
    }

    [Fact]
    public void Mask_shows_at_most_the_last_four_digits()
    {
        Assert.Equal("********4567", PakistaniMobile.Mask("923001234567"));
        Assert.Equal("********", PakistaniMobile.Mask("92300123")); // too short to show anything safely
    }
}
