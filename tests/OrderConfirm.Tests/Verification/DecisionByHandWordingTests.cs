using OrderConfirm.Sms;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.Verification;

/// An outcome marked by hand is worded as a person's decision everywhere it is told: never as the customer's key.
public sealed class DecisionByHandWordingTests
{
    [Theory]
    [InlineData(Deciders.Operator, "cancelled", "cancelled. Marked cancelled by hand in OrderConfirm by an operator.")]
    [InlineData(Deciders.Owner, "confirmed", "confirmed. Marked confirmed by hand in OrderConfirm by the store owner.")]
    public void The_woocommerce_note_says_a_person_decided_and_not_that_the_customer_pressed_a_key(string decider, string outcome, string expected)
    {
        var verification = new VerificationRecord { Id = 7, Attempt = 1, Outcome = outcome, DecidedBy = decider };

        var text = WooCommerceOutcomeNote.Text(verification, outcome, "Order status set to cancelled.", null, TimeZoneInfo.Utc);

        Assert.StartsWith("OrderConfirm: " + expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pressed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_dropped_after_a_decision_by_hand_says_who_decided()
    {
        var facts = new SmsFacts(VerificationStatus.Confirmed, VerificationStatus.Confirmed, Deciders.Owner, null, null);

        var why = SmsRelevance.WhyDropped(SmsEvents.Fallback, facts, DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1), TimeZoneInfo.Utc);

        Assert.Equal("the verification is now confirmed (decided by hand by the store owner)", why);
    }

    [Fact]
    public void The_timeline_names_an_owner_by_login_id_and_the_operator_as_such()
    {
        Assert.Equal("the store owner (login 3)", ActingPerson.Owner(3).Words);
        Assert.Equal("an operator", ActingPerson.Operator.Words);
    }
}
