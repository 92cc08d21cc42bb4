using OrderConfirm.Sms;

namespace OrderConfirm.Tests.Sms;

public sealed class SmsTemplatesTests
{
    private static readonly SmsValues Values = new("Lahore Lawn", "#1001", "4,599", "PKR", "Ayesha Khan");

    [Fact]
    public void Every_event_has_an_english_and_an_urdu_default_that_renders_completely()
    {
        foreach (var smsEvent in SmsEvents.All)
        {
            var english = SmsTemplates.Render(SmsTemplates.Default(smsEvent, SmsLanguages.English), Values);
            var urdu = SmsTemplates.Render(SmsTemplates.Default(smsEvent, SmsLanguages.Urdu), Values);

            Assert.Null(SmsTemplates.Problem(SmsTemplates.Default(smsEvent, SmsLanguages.English), smsEvent));
            Assert.Null(SmsTemplates.Problem(SmsTemplates.Default(smsEvent, SmsLanguages.Urdu), smsEvent));
            Assert.DoesNotContain('{', english + urdu);
            Assert.Contains("#1001", english, StringComparison.Ordinal);
            Assert.Contains("#1001", urdu, StringComparison.Ordinal);
            Assert.Equal(SmsEncoding.Gsm7, SmsText.Of(english).Encoding);
            Assert.Equal(SmsEncoding.Ucs2, SmsText.Of(urdu).Encoding);
        }
    }

    [Theory]
    [InlineData(SmsLanguages.English, "we could not reach you to confirm your order #1001, so it has been cancelled")]
    [InlineData(SmsLanguages.Urdu, "رابطہ نہ کر سکے")]
    public void A_cancellation_by_the_no_answer_policy_says_the_customer_was_not_reached(string language, string says)
    {
        var text = SmsTemplates.Render(SmsTemplates.Default(SmsEvents.Cancelled, language, unanswered: true), Values);

        Assert.Contains(says, text, StringComparison.Ordinal);
        Assert.DoesNotContain("as you asked", text, StringComparison.Ordinal);
        Assert.DoesNotContain("آپ کی درخواست", text, StringComparison.Ordinal);
        Assert.Null(SmsTemplates.Problem(SmsTemplates.Default(SmsEvents.Cancelled, language, unanswered: true), SmsEvents.Cancelled));
    }

    [Fact]
    public void Both_languages_go_in_one_message_english_first()
    {
        var both = SmsTemplates.Default(SmsEvents.Received, SmsLanguages.Both);

        Assert.Equal(SmsTemplates.Default(SmsEvents.Received, SmsLanguages.English) + "\n" + SmsTemplates.Default(SmsEvents.Received, SmsLanguages.Urdu), both);
    }

    [Fact]
    public void The_received_text_says_a_call_will_come_for_the_order()
    {
        Assert.Equal(
            "Lahore Lawn: we received your order #1001 of PKR 4,599. You will get a call to confirm it: press 1 to confirm or 2 to cancel.",
            SmsTemplates.Render(SmsTemplates.Default(SmsEvents.Received, SmsLanguages.English), Values));
    }

    [Theory]
    [InlineData("Hi {customer}, order {order} from {store}: {currency} {amount}", null)]
    [InlineData("Hi {name}", "Unknown variable {name}")]
    [InlineData("Hi {Customer}", "Unknown variable {Customer}")]
    [InlineData("Total {amount", "A { or } that is not part of a variable")]
    [InlineData("Total amount} due", "A { or } that is not part of a variable")]
    [InlineData("   ", "A template needs some text")]
    [InlineData("Confirm here: {link}", null)]
    public void Store_templates_are_checked_before_they_are_saved(string template, string? problem)
    {
        var found = SmsTemplates.Problem(template, SmsEvents.Fallback);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_template_longer_than_three_segments_is_refused()
    {
        Assert.Null(SmsTemplates.Problem(new string('a', SmsTemplates.MaxLength), SmsEvents.Received));
        Assert.StartsWith("At most 459 characters", SmsTemplates.Problem(new string('a', SmsTemplates.MaxLength + 1), SmsEvents.Received), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmsEvents.Received, true)]
    [InlineData(SmsEvents.Fallback, true)]
    [InlineData(SmsEvents.Confirmed, false)]
    [InlineData(SmsEvents.Cancelled, false)]
    public void A_link_goes_only_in_texts_sent_while_the_customer_can_still_answer(string smsEvent, bool allowed)
    {
        var found = SmsTemplates.Problem("{store}: answer here {link}", smsEvent);

        Assert.Equal(allowed, found is null);
    }

    [Fact]
    public void With_links_the_built_in_fallback_offers_the_page_in_both_languages()
    {
        var values = Values with { Link = "https://oc.example.pk/c/abc" };

        var both = SmsTemplates.Render(SmsTemplates.Default(SmsEvents.Fallback, SmsLanguages.Both, withLink: true), values);

        Assert.Equal(
            "Lahore Lawn: we could not reach you to confirm your order #1001 of PKR 4,599. Confirm or cancel it here: https://oc.example.pk/c/abc\n"
            + "Lahore Lawn: ہم آرڈر #1001 (PKR 4,599) کی تصدیق کے لیے آپ سے رابطہ نہ کر سکے۔ یہاں تصدیق یا منسوخ کریں: https://oc.example.pk/c/abc",
            both);
        Assert.DoesNotContain("{link}", SmsTemplates.Default(SmsEvents.Fallback, SmsLanguages.English), StringComparison.Ordinal);
        Assert.Equal(SmsTemplates.Default(SmsEvents.Received, SmsLanguages.English), SmsTemplates.Default(SmsEvents.Received, SmsLanguages.English, withLink: true));
    }

    [Fact]
    public void Values_are_inserted_as_given_and_never_read_as_variables()
    {
        var text = SmsTemplates.Render("{customer}: {order}", Values with { Customer = "{store}" });

        Assert.Equal("{store}: #1001", text);
    }
}
