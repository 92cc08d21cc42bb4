using OrderConfirm.ConfirmLinks;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.ConfirmLinks;

public sealed class ConfirmLinkWordingTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    [Theory]
    [InlineData("confirmed", "confirmed. The customer confirmed the order on the OrderConfirm link page.")]
    [InlineData("cancelled", "cancelled. The customer cancelled the order on the OrderConfirm link page.")]
    public void The_woocommerce_note_says_the_answer_came_from_the_link_page(string outcome, string expected)
    {
        var verification = new VerificationRecord { Id = 7, Outcome = outcome, DecidedBy = Deciders.Link };

        var text = WooCommerceOutcomeNote.Text(verification, outcome, "Order status set to processing.", DateTimeOffset.UnixEpoch, Utc);

        Assert.StartsWith("OrderConfirm: " + expected, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "No call was placed.")]
    [InlineData(2, "The earlier verification call went unanswered.")]
    [InlineData(3, "The earlier 2 verification calls went unanswered.")]
    public void A_link_answer_with_no_call_in_progress_does_not_claim_a_call_was_placed(int attempt, string expected)
    {
        var verification = new VerificationRecord { Id = 7, Attempt = attempt, Outcome = "confirmed", DecidedBy = Deciders.Link };

        var text = WooCommerceOutcomeNote.Text(verification, "confirmed", "Order status set to processing.", null, Utc);

        Assert.Contains("Order status set to processing. " + expected + " [OrderConfirm ref 7/-/confirmed]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("call id", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_call_wording_is_unchanged()
    {
        var verification = new VerificationRecord { Id = 7, CallId = "9", Outcome = "confirmed", DecidedBy = Deciders.Call };

        var text = WooCommerceOutcomeNote.Text(verification, "confirmed", "Order status set to processing.", DateTimeOffset.UnixEpoch, Utc);

        Assert.StartsWith("OrderConfirm: confirmed. The customer pressed 1 on the verification call", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_encodes_what_the_shop_typed_and_urdu_reads_right_to_left()
    {
        var html = ConfirmLinkPage.Ask(ConfirmLinkTexts.Urdu, "<script>alert(1)</script>", "#1001", 1499.5m, "PKR", "__RequestVerificationToken", "abc\"def");

        Assert.Contains("<html lang=\"ur\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("value=\"abc&quot;def\"", html, StringComparison.Ordinal);
        Assert.Contains(">PKR 1,499.50<", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "en")]
    [InlineData(null, "ur", "ur")]
    [InlineData(null, "both", "en")]
    [InlineData("en", "ur", "en")]
    [InlineData("ur", "en", "ur")]
    [InlineData("xx", "ur", "ur")]
    public void The_language_is_the_query_then_the_store_then_english(string? query, string? store, string expected)
        => Assert.Equal(expected, ConfirmLinkTexts.For(query, store).Lang);
}
