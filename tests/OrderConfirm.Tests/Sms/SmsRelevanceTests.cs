using System.ComponentModel.DataAnnotations;
using OrderConfirm.Sms;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Sms;

/// Which SMS may still go out, by what it says: "you will get a call" only before an answer, "please confirm" only
/// while nobody answered, "confirmed"/"cancelled" only while that is the outcome, nothing for an order the shop closed
/// (the cancelled text for a cancelled order excepted), nothing past Sms:MaxAge.
public sealed class SmsRelevanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 17, 10, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo Karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");

    [Theory]
    [InlineData(SmsEvents.Received, "pending", null, true)]
    [InlineData(SmsEvents.Received, "calling", null, true)]
    [InlineData(SmsEvents.Received, "confirmed", "confirmed", false)]
    [InlineData(SmsEvents.Received, "unreachable", "unreachable", false)]
    [InlineData(SmsEvents.Received, "skipped", null, false)]
    [InlineData(SmsEvents.Fallback, "pending", null, true)] // waiting for a re-attempt
    [InlineData(SmsEvents.Fallback, "calling", null, true)]
    [InlineData(SmsEvents.Fallback, "unreachable", "unreachable", true)]
    [InlineData(SmsEvents.Fallback, "no-input", "no-input", true)]
    [InlineData(SmsEvents.Fallback, "needs-attention", "unreachable", true)] // the shop refused the write-back
    [InlineData(SmsEvents.Fallback, "needs-attention", null, true)] // a re-attempt's dial outcome is unknown
    [InlineData(SmsEvents.Fallback, "confirmed", "confirmed", false)]
    [InlineData(SmsEvents.Fallback, "cancelled", "cancelled", false)]
    [InlineData(SmsEvents.Fallback, "callback", "callback", false)]
    [InlineData(SmsEvents.Fallback, "skipped", null, false)]
    [InlineData(SmsEvents.Confirmed, "confirmed", "confirmed", true)]
    [InlineData(SmsEvents.Confirmed, "needs-attention", "confirmed", true)]
    [InlineData(SmsEvents.Confirmed, "pending", null, false)]
    [InlineData(SmsEvents.Confirmed, "cancelled", "cancelled", false)]
    [InlineData(SmsEvents.Confirmed, "unreachable", "unreachable", false)]
    [InlineData(SmsEvents.Cancelled, "cancelled", "cancelled", true)]
    [InlineData(SmsEvents.Cancelled, "confirmed", "confirmed", false)]
    public void An_event_goes_out_only_while_it_describes_the_verification(string smsEvent, string status, string? outcome, bool goes)
    {
        var why = SmsRelevance.WhyDropped(smsEvent, new SmsFacts(status, outcome, Deciders.Call, null, null), Now, TimeSpan.FromDays(1), Karachi);

        Assert.Equal(goes, why is null);
    }

    [Fact]
    public void The_reason_names_the_new_state_and_who_decided_it()
    {
        Assert.Equal(
            "the verification is now confirmed (answered on the confirm link)",
            SmsRelevance.WhyDropped(SmsEvents.Fallback, new SmsFacts("confirmed", "confirmed", Deciders.Link, null, null), Now, TimeSpan.FromDays(1), Karachi));
        Assert.Equal(
            "the verification is now cancelled (decided by the store's no-answer policy)",
            SmsRelevance.WhyDropped(SmsEvents.Fallback, new SmsFacts("cancelled", "cancelled", Deciders.NoAnswerPolicy, null, null), Now, TimeSpan.FromDays(1), Karachi));
    }

    [Theory]
    [InlineData(SmsEvents.Confirmed, "confirmed", "cancelled", false)]
    [InlineData(SmsEvents.Confirmed, "confirmed", "fulfilled", false)]
    [InlineData(SmsEvents.Fallback, "unreachable", "cancelled", false)]
    [InlineData(SmsEvents.Received, "pending", "deleted", false)]
    [InlineData(SmsEvents.Cancelled, "cancelled", "cancelled", true)] // our own cancel came back as the shop's
    [InlineData(SmsEvents.Cancelled, "cancelled", "refunded", false)]
    public void A_closed_order_gets_no_text_but_the_cancelled_one_for_a_cancelled_order(string smsEvent, string status, string closed, bool goes)
    {
        var why = SmsRelevance.WhyDropped(smsEvent, new SmsFacts(status, status, Deciders.Call, closed, null), Now, TimeSpan.FromDays(1), Karachi);

        Assert.Equal(goes, why is null);
        if (!goes)
        {
            Assert.Equal($"the order was {closed} in the shop", why);
        }
    }

    [Fact]
    public void An_sms_due_for_longer_than_max_age_is_dropped_saying_since_when_in_the_stores_zone()
    {
        var since = Now.AddDays(-1).ToUnixTimeMilliseconds();
        var facts = new SmsFacts("unreachable", "unreachable", Deciders.Call, null, since);

        Assert.Null(SmsRelevance.WhyDropped(SmsEvents.Fallback, facts, Now.AddMilliseconds(-1), TimeSpan.FromDays(1), Karachi));
        Assert.Equal(
            "it has waited since 2026-04-16 15:00:00 PKT, longer than Sms:MaxAge (1.00:00:00)",
            SmsRelevance.WhyDropped(SmsEvents.Fallback, facts, Now, TimeSpan.FromDays(1), Karachi));
    }

    [Fact]
    public void Max_age_defaults_to_a_day_and_must_be_between_a_second_and_a_week()
    {
        Assert.Equal(TimeSpan.FromDays(1), new SmsOptions().MaxAge);
        Assert.True(Valid(new SmsOptions { MaxAge = TimeSpan.FromDays(7) }));
        Assert.False(Valid(new SmsOptions { MaxAge = TimeSpan.Zero }));
        Assert.False(Valid(new SmsOptions { MaxAge = TimeSpan.FromDays(8) }));
    }

    private static bool Valid(SmsOptions options) => Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);
}
