using OrderConfirm.Sms;

namespace OrderConfirm.Tests.Sms;

public sealed class SmsTextTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void English_text_is_gsm7_in_160_then_153_septet_segments(int length, int segments)
    {
        var text = SmsText.Of(new string('a', length));

        Assert.Equal((SmsEncoding.Gsm7, length, segments), (text.Encoding, text.Units, text.Segments));
    }

    [Fact]
    public void Extension_characters_cost_two_septets()
    {
        // 79 plain characters and one euro sign: 81 septets, still one segment; 80 of them and a ] no longer fit 160.
        Assert.Equal(81, SmsText.Of(new string('a', 79) + "€").Units);
        var text = SmsText.Of(new string('a', 159) + "]");
        Assert.Equal((SmsEncoding.Gsm7, 161, 2), (text.Encoding, text.Units, text.Segments));
    }

    [Fact]
    public void Urdu_is_ucs2_in_70_then_67_unit_segments()
    {
        const string urdu = "آپ کا آرڈر #1001 موصول ہو گیا ہے۔ تصدیق کے لیے آپ کو کال آئے گی۔ لاہور لان";
        var text = SmsText.Of(urdu);

        // 74 UTF-16 units: over one 70-unit segment, so two of 67.
        Assert.Equal((SmsEncoding.Ucs2, 74, 2), (text.Encoding, text.Units, text.Segments));
        Assert.Equal(1, SmsText.Of(new string('ا', 70)).Segments);
        Assert.Equal(2, SmsText.Of(new string('ا', 71)).Segments);
        Assert.Equal(3, SmsText.Of(new string('ا', 135)).Segments);
    }

    [Fact]
    public void One_emoji_turns_an_english_text_into_ucs2()
    {
        var text = SmsText.Of("Order confirmed 👍");

        Assert.Equal((SmsEncoding.Ucs2, 18, 1), (text.Encoding, text.Units, text.Segments));
    }

    [Fact]
    public void Gsm_specials_stay_gsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsText.Of("Total: Rs. 4,599.00 @ Lahore Lawn! (COD) #1001 £$¥ é ñ ü Ø Δ").Encoding);
        Assert.Equal(SmsEncoding.Ucs2, SmsText.Of("naïve").Encoding); // ï is not in GSM 03.38
        Assert.Equal(0, SmsText.Of("").Segments);
    }
}
