using System.Globalization;
using OrderConfirm.ConfirmLinks;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// The text of an event's SMS for one verification, and the confirm link it may carry (minted only once the send is
/// claimed, so a run that finds the claim mints nothing).
public sealed class SmsRenderer(ConfirmLinkService confirmLinks)
{
    // The text, with a stand-in of the link's length where the template has {link}. A link is offered only when the
    // service has a public address and the customer can still answer; a store template with {link} that cannot get
    // one gives way to the built-in text. The built-in texts do not use {customer}: an order may come without a name.
    public async Task<(string Text, string? LinkPlaceholder)> RenderAsync(Store store, VerificationRecord verification, string smsEvent, string customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(verification);
        var placeholder = SmsTemplates.EventsWithLink.Contains(smsEvent) && confirmLinks.Placeholder() is { } stand
            && await confirmLinks.CanTakeAnswerAsync(verification.Id, cancellationToken) ? stand : null;
        var sms = store.Settings.Section<SmsSettings>();
        var own = sms.SmsTemplates?.GetValueOrDefault(smsEvent);
        var template = own is not null && (placeholder is not null || !own.Contains(SmsTemplates.LinkVariable, StringComparison.Ordinal))
            ? own
            : SmsTemplates.Default(smsEvent, sms.SmsLanguage ?? SmsLanguages.English, withLink: placeholder is not null,
                unanswered: Deciders.Of(verification) == Deciders.NoAnswerPolicy);
        var linked = template.Contains(SmsTemplates.LinkVariable, StringComparison.Ordinal);
        var text = SmsTemplates.Render(template, new SmsValues(
            store.Name,
            verification.OrderName,
            verification.Amount.ToString("#,0.##", CultureInfo.InvariantCulture),
            verification.Currency,
            customer,
            linked ? placeholder! : ""));
        return (text, linked ? placeholder : null);
    }

    // The answer may have come in the moment between the check and the claim: then there is no link to give, and the
    // text points at the site instead of at a page that would refuse it.
    public async Task<string> MintLinkAsync(long verificationId, CancellationToken cancellationToken)
        => await confirmLinks.GetOrCreateAsync(verificationId, cancellationToken) is ConfirmLinkResult.Created { Absolute: true } created
            ? created.Url
            : confirmLinks.PublicRoot() ?? "";
}
