using OrderConfirm.ConfirmLinks;

namespace OrderConfirm.Tests.ConfirmLinks;

/// The customer's page as HTML, in both languages: what a phone shows, checked on the markup.
public sealed class ConfirmLinkMarkupTests
{
    public static readonly TheoryData<string> Languages = ["en", "ur"];

    [Theory]
    [InlineData(4999.5, "PKR", "PKR 4,999.50")]
    [InlineData(4999, "PKR", "PKR 4,999")]
    [InlineData(4999.00, "pkr", "PKR 4,999")]
    [InlineData(4999.499, "PKR", "PKR 4,999.50")]
    [InlineData(0.5, "USD", "USD 0.50")]
    [InlineData(1234567.25, "AED", "AED 1,234,567.25")]
    [InlineData(1234.5, "JPY", "JPY 1,235")]
    [InlineData(12.3456, "KWD", "KWD 12.346")]
    [InlineData(12.3, "KWD", "KWD 12.300")]
    [InlineData(99.9, "XYZ", "XYZ 99.90")]
    public void An_amount_has_its_currencys_usual_decimals_and_never_a_lone_tenth(double amount, string currency, string expected)
        => Assert.Equal(expected, ConfirmLinkMoney.Format((decimal)amount, currency));

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_question_fits_a_phone_and_keeps_the_order_name_and_amount_left_to_right(string lang)
    {
        var texts = ConfirmLinkTexts.For(lang, null);

        var html = ConfirmLinkPage.Ask(texts, "لاہور لان", "#B4", 4999.5m, "PKR", "__RequestVerificationToken", "t");

        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"{texts.Dir}\">", html, StringComparison.Ordinal);
        Assert.Contains("<dd><bdi dir=\"ltr\">#B4</bdi></dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd><bdi dir=\"ltr\">PKR 4,999.50</bdi></dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd><bdi>لاہور لان</bdi></dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("4,999.5<", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{texts.Title}</h1>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", false, "<h1>Order confirmed</h1>", "You confirmed this order on <bdi dir=\"ltr\">2026-12-03 14:05 PKT</bdi>. Thank you.")]
    [InlineData("en", true, "<h1>Order cancelled</h1>", "You cancelled this order on <bdi dir=\"ltr\">2026-12-03 14:05 PKT</bdi>.")]
    [InlineData("ur", false, "<h1>آرڈر کی تصدیق ہو گئی</h1>", "آپ نے <bdi dir=\"ltr\">2026-12-03 14:05 PKT</bdi> کو اس آرڈر کی تصدیق کی۔ شکریہ۔")]
    [InlineData("ur", true, "<h1>آرڈر منسوخ ہو گیا</h1>", "آپ نے <bdi dir=\"ltr\">2026-12-03 14:05 PKT</bdi> کو یہ آرڈر منسوخ کیا۔")]
    public void The_answered_page_says_the_answer_in_its_heading_and_isolates_the_order_and_time(string lang, bool cancelled, string heading, string sentence)
    {
        var texts = ConfirmLinkTexts.For(lang, null);

        var html = ConfirmLinkPage.Answered(texts, cancelled, "2026-12-03 14:05 PKT", "#B4");

        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.DoesNotContain($"<h1>{texts.Title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{heading[4..^5]}</title>", html, StringComparison.Ordinal);
        Assert.Contains("<p>" + sentence + "</p>", html, StringComparison.Ordinal);
        Assert.Contains("<bdi dir=\"ltr\">#B4</bdi>", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_refused_post_asks_to_reload_the_page_in_the_customers_language(string lang)
    {
        var texts = ConfirmLinkTexts.For(lang, null);

        var html = ConfirmLinkPage.Outdated(texts, "#B4");

        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"{texts.Dir}\">", html, StringComparison.Ordinal);
        Assert.Contains("<p>" + texts.Outdated + "</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"\">{texts.Reload}</a>", html, StringComparison.Ordinal);
        Assert.Contains("<bdi dir=\"ltr\">#B4</bdi>", html, StringComparison.Ordinal);
    }
}
