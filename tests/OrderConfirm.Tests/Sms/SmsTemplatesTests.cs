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

            Assert.Null(SmsTemplates.Problem(SmsTemplates.Default(smsEvent, SmsLanguages.English)));
            Assert.Null(SmsTemplates.Problem(SmsTemplates.Default(smsEvent, SmsLanguages.Urdu)));
            Assert.DoesNotContain('{', english + urdu);
            Assert.Contains("#1001", english, StringComparison.Ordinal);
            Assert.Contains("#1001", urdu, StringComparison.Ordinal);
            Assert.Equal(SmsEncoding.Gsm7, SmsText.Of(english).Encoding);
            Assert.Equal(SmsEncoding.Ucs2, SmsText.Of(urdu).Encoding);
        }
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
    public void Store_templates_are_checked_before_they_are_saved(string template, string? problem)
    {
        var found = SmsTemplates.Problem(template);

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
        Assert.Null(SmsTemplates.Problem(new string('a', SmsTemplates.MaxLength)));
        Assert.StartsWith("At most 459 characters", SmsTemplates.Problem(new string('a', SmsTemplates.MaxLength + 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_inserted_as_given_and_never_read_as_variables()
    {
        var text = SmsTemplates.Render("{customer}: {order}", Values with { Customer = "{store}" });

        Assert.Equal("{store}: #1001", text);
    }
}
