using System.Text.RegularExpressions;

namespace OrderConfirm.Sms;

/// What a template may say: {store}, {order}, {amount}, {currency}, {customer} and {link}, nothing else in braces.
/// {link} is the confirm-by-link page, allowed in the received and fallback texts only.
public sealed record SmsValues(string Store, string Order, string Amount, string Currency, string Customer, string Link = "");

/// SMS templates: the built-in texts per event and language, rendering, and the checks a store's own template must
/// pass (unknown variable, too long) before it is saved.
public static partial class SmsTemplates
{
    public static readonly IReadOnlyList<string> Variables = ["store", "order", "amount", "currency", "customer", "link"];

    public const string LinkVariable = "{link}";

    // Only while the customer can still answer: before or after an unanswered call, never once they have.
    public static readonly IReadOnlyList<string> EventsWithLink = [SmsEvents.Received, SmsEvents.Fallback];

    // Three GSM-7 segments. A longer template costs every customer several SMS, and an Urdu one twice as many.
    public const int MaxLength = 459;

    private static readonly Dictionary<(string Event, string Language), string> Defaults = new()
    {
        [(SmsEvents.Received, SmsLanguages.English)] =
            "{store}: we received your order {order} of {currency} {amount}. You will get a call to confirm it: press 1 to confirm or 2 to cancel.",
        [(SmsEvents.Received, SmsLanguages.Urdu)] =
            "{store}: آپ کا آرڈر {order} ({currency} {amount}) موصول ہو گیا ہے۔ تصدیق کے لیے آپ کو کال آئے گی: تصدیق کے لیے 1 اور منسوخی کے لیے 2 دبائیں۔",
        [(SmsEvents.Confirmed, SmsLanguages.English)] =
            "{store}: thank you, your order {order} is confirmed and will be shipped soon.",
        [(SmsEvents.Confirmed, SmsLanguages.Urdu)] =
            "{store}: شکریہ، آپ کا آرڈر {order} کنفرم ہو گیا ہے اور جلد روانہ کر دیا جائے گا۔",
        [(SmsEvents.Cancelled, SmsLanguages.English)] =
            "{store}: your order {order} has been cancelled as you asked. We hope to serve you again.",
        [(SmsEvents.Cancelled, SmsLanguages.Urdu)] =
            "{store}: آپ کی درخواست پر آرڈر {order} منسوخ کر دیا گیا ہے۔ ہمیں دوبارہ خدمت کا موقع دیں۔",
        [(SmsEvents.Fallback, SmsLanguages.English)] =
            "{store}: we could not reach you to confirm your order {order} of {currency} {amount}. Please call us or reply to this message to confirm it.",
        [(SmsEvents.Fallback, SmsLanguages.Urdu)] =
            "{store}: ہم آرڈر {order} ({currency} {amount}) کی تصدیق کے لیے آپ سے رابطہ نہ کر سکے۔ براہ کرم ہمیں کال کریں یا اس پیغام کا جواب دے کر تصدیق کریں۔",
    };

    // The fallback when the service can hand out confirm links (PublicBaseUrl is set): the link instead of "call us".
    private static readonly Dictionary<string, string> FallbackWithLink = new()
    {
        [SmsLanguages.English] = "{store}: we could not reach you to confirm your order {order} of {currency} {amount}. Confirm or cancel it here: {link}",
        [SmsLanguages.Urdu] = "{store}: ہم آرڈر {order} ({currency} {amount}) کی تصدیق کے لیے آپ سے رابطہ نہ کر سکے۔ یہاں تصدیق یا منسوخ کریں: {link}",
    };

    // The cancellation the store's no-answer policy made: the customer asked for nothing and must not read that they did.
    private static readonly Dictionary<string, string> CancelledUnanswered = new()
    {
        [SmsLanguages.English] = "{store}: we could not reach you to confirm your order {order}, so it has been cancelled. You are welcome to order again.",
        [SmsLanguages.Urdu] = "{store}: ہم آرڈر {order} کی تصدیق کے لیے آپ سے رابطہ نہ کر سکے، اس لیے یہ منسوخ کر دیا گیا ہے۔ آپ دوبارہ آرڈر کر سکتے ہیں۔",
    };

    /// The built-in template of an event in a language (en, ur, or both: English, a line break, Urdu). With links, the
    /// fallback carries the confirm-by-link page instead of asking for a call. Unanswered: the outcome was decided by
    /// the store's no-answer policy, not by the customer.
    public static string Default(string smsEvent, string language, bool withLink = false, bool unanswered = false)
    {
        string Text(string lang) => withLink && smsEvent == SmsEvents.Fallback ? FallbackWithLink[lang]
            : unanswered && smsEvent == SmsEvents.Cancelled ? CancelledUnanswered[lang]
            : Defaults[(smsEvent, lang)];
        return language switch
        {
            SmsLanguages.Both => Text(SmsLanguages.English) + "\n" + Text(SmsLanguages.Urdu),
            SmsLanguages.Urdu => Text(SmsLanguages.Urdu),
            _ => Text(SmsLanguages.English),
        };
    }

    /// Null when a store's template for an event can be saved; otherwise what is wrong with it, for a 400 that names
    /// the field.
    public static string? Problem(string template, string smsEvent)
    {
        if (template.Contains(LinkVariable, StringComparison.Ordinal) && !EventsWithLink.Contains(smsEvent))
        {
            return $"{LinkVariable} can only be used in the {string.Join(" and ", EventsWithLink)} texts: after those the customer has answered.";
        }

        if (string.IsNullOrWhiteSpace(template))
        {
            return "A template needs some text; leave it out to use the built-in one.";
        }

        if (template.Length > MaxLength)
        {
            return $"At most {MaxLength} characters (three SMS segments); this one has {template.Length}.";
        }

        foreach (Match placeholder in Placeholder().Matches(template))
        {
            if (!Variables.Contains(placeholder.Groups["name"].Value))
            {
                return $"Unknown variable {placeholder.Value}; use {string.Join(", ", Variables.Select(v => "{" + v + "}"))}.";
            }
        }

        // Every {…} left is a known variable; a brace outside one would reach the customer as is.
        return Placeholder().Replace(template, "").IndexOfAny(['{', '}']) >= 0
            ? "A { or } that is not part of a variable; braces are only for {store}, {order}, {amount}, {currency}, {customer} and {link}."
            : null;
    }

    public static string Render(string template, SmsValues values)
        => Placeholder().Replace(template, match => match.Groups["name"].Value switch
        {
            "store" => values.Store,
            "order" => values.Order,
            "amount" => values.Amount,
            "currency" => values.Currency,
            "customer" => values.Customer,
            "link" => values.Link,
            _ => match.Value,
        });

    [GeneratedRegex(@"\{(?<name>[^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
