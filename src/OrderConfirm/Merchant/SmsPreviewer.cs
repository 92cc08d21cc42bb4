using OrderConfirm.ConfirmLinks;
using OrderConfirm.Sms;

namespace OrderConfirm.Merchant;

/// One SMS as the customer would get it, for the settings page: the store's template (or the built-in text) with
/// sample values, how it travels (GSM-7 or UCS-2, counted by SmsText, the rule the gateways' sends use) and what the
/// store check would say of the template (SmsTemplates.Problem, the rule a save uses).
public sealed record SmsPreview(string Event, string Text, string Encoding, int Units, int Segments, bool BuiltIn, string? Problem);

public sealed class SmsPreviewer(ConfirmLinkService confirmLinks)
{
    // The link stand-in has the length of a real confirm link, so the count is the customer's.
    private const string SampleRoot = "https://orderconfirm.example";

    /// Null for an event that does not exist.
    public SmsPreview? For(string storeName, string smsEvent, string? template, string? language)
    {
        if (!SmsEvents.All.Contains(smsEvent))
        {
            return null;
        }

        var placeholder = confirmLinks.Placeholder();
        var own = string.IsNullOrEmpty(template) ? null : template;
        var used = own ?? SmsTemplates.Default(smsEvent, language is not null && SmsLanguages.All.Contains(language) ? language : SmsLanguages.English, withLink: placeholder is not null);
        var text = SmsTemplates.Render(used, new SmsValues(
            storeName, "#1001", "2,499", "PKR", "Ayesha Khan", placeholder ?? SampleRoot + "/c/" + new string('x', ConfirmLinkToken.TokenChars)));
        var counted = SmsText.Of(text);
        return new SmsPreview(
            smsEvent,
            text,
            counted.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2",
            counted.Units,
            counted.Segments,
            own is null,
            own is null ? null : SmsTemplates.Problem(own, smsEvent));
    }
}
