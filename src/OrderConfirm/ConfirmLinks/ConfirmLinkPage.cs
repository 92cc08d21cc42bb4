using System.Net;
using System.Text;

namespace OrderConfirm.ConfirmLinks;

/// The customer's page: server-rendered, no script, no external resource, readable on a 320 px phone. It shows the
/// store, the order and the amount, never who the customer is or where they live (anyone holding the SMS can open it).
/// Order names, amounts and times are isolated from the text around them (bdi dir=ltr): inside Urdu's right-to-left
/// text "#B4" would otherwise be drawn "B4#". The store's name may itself be Urdu, so it takes its own direction.
public static class ConfirmLinkPage
{
    public const string FormField = "answer";
    public const string ConfirmValue = "confirm";
    public const string CancelValue = "cancel";

    private const string Style = """
        body{margin:0;font:18px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Nastaliq Urdu",sans-serif;background:#f4f5f7;color:#1b1d21}
        main{max-width:28rem;margin:0 auto;padding:1rem}
        h1{font-size:1.3rem;margin:.5rem 0 1rem}
        dl{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}
        dt{font-size:.85rem;color:#5b6170}dd{margin:0 0 .5rem;font-weight:600;overflow-wrap:anywhere}
        button{display:block;width:100%;font:inherit;font-weight:600;padding:.9rem;margin:0 0 .75rem;border:0;border-radius:.5rem;color:#fff}
        .yes{background:#1f7a3a}.no{background:#b3261e}
        p{background:#fff;border-radius:.5rem;padding:1rem}
        nav{text-align:center;font-size:.9rem}
        """;

    public static string Ask(ConfirmLinkTexts t, string storeName, string orderName, decimal amount, string currency, string antiforgeryField, string antiforgeryToken)
    {
        var body = new StringBuilder();
        body.Append("<dl><dt>").Append(E(t.Store)).Append("</dt><dd><bdi>").Append(E(storeName)).Append("</bdi></dd>")
            .Append("<dt>").Append(E(t.Order)).Append("</dt><dd>").Append(Ltr(orderName)).Append("</dd>")
            .Append("<dt>").Append(E(t.Amount)).Append("</dt><dd>").Append(Ltr(ConfirmLinkMoney.Format(amount, currency))).Append("</dd></dl>")
            // No action attribute: the form posts back to this same URL, token and language included.
            .Append("<form method=\"post\"><input type=\"hidden\" name=\"").Append(E(antiforgeryField)).Append("\" value=\"").Append(E(antiforgeryToken)).Append("\">")
            .Append("<button class=\"yes\" name=\"").Append(FormField).Append("\" value=\"").Append(ConfirmValue).Append("\">").Append(E(t.Confirm)).Append("</button>")
            .Append("<button class=\"no\" name=\"").Append(FormField).Append("\" value=\"").Append(CancelValue).Append("\">").Append(E(t.Cancel)).Append("</button>")
            .Append("</form>");
        return Document(t, t.Title, body.ToString(), languageSwitch: true);
    }

    public static string Message(ConfirmLinkTexts t, string message, string? orderName = null)
        => Document(t, t.Title, OrderLine(t, orderName) + "<p>" + E(message) + "</p>", languageSwitch: false);

    /// The page after an answer: its heading says the answer, and the time in the sentence ("on {0}") is isolated.
    public static string Answered(ConfirmLinkTexts t, bool cancelled, string when, string orderName)
    {
        var (title, format) = cancelled ? (t.CancelledTitle, t.CancelledOn) : (t.ConfirmedTitle, t.ConfirmedOn);
        var at = format.IndexOf("{0}", StringComparison.Ordinal);
        var sentence = E(format[..at]) + Ltr(when) + E(format[(at + 3)..]);
        return Document(t, title, OrderLine(t, orderName) + "<p>" + sentence + "</p>", languageSwitch: false);
    }

    /// A post the antiforgery check refused (an old tab, a cleared cookie, a privacy browser): nothing was saved, and
    /// a fresh load of the page gives a form that works.
    public static string Outdated(ConfirmLinkTexts t, string? orderName)
        => Document(t, t.Title, OrderLine(t, orderName) + "<p>" + E(t.Outdated) + "</p><nav><a href=\"\">" + E(t.Reload) + "</a></nav>", languageSwitch: false);

    public static string When(DateTimeOffset at, TimeZoneInfo zone) => Verification.TimeZones.Local(at, zone);

    private static string OrderLine(ConfirmLinkTexts t, string? orderName)
        => orderName is null ? "" : $"<dl><dt>{E(t.Order)}</dt><dd>{Ltr(orderName)}</dd></dl>";

    private static string Ltr(string value) => "<bdi dir=\"ltr\">" + E(value) + "</bdi>";

    private static string Document(ConfirmLinkTexts t, string title, string body, bool languageSwitch)
    {
        var other = languageSwitch ? $"<nav><a href=\"?lang={t.OtherLanguage}\" lang=\"{t.OtherLanguage}\">{E(t.OtherLanguageName)}</a></nav>" : "";
        return $"""
            <!doctype html>
            <html lang="{t.Lang}" dir="{t.Dir}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
            <title>{E(title)}</title><style>{Style}</style></head>
            <body><main><h1>{E(title)}</h1>{body}{other}</main></body>
            </html>
            """;
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
