using System.Globalization;
using System.Net;
using System.Text;

namespace OrderConfirm.ConfirmLinks;

/// The customer's page: server-rendered, no script, no external resource, readable on a 320 px phone. It shows the
/// store, the order and the amount, never who the customer is or where they live (anyone holding the SMS can open it).
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
        body.Append("<dl><dt>").Append(E(t.Store)).Append("</dt><dd>").Append(E(storeName)).Append("</dd>")
            .Append("<dt>").Append(E(t.Order)).Append("</dt><dd>").Append(E(orderName)).Append("</dd>")
            .Append("<dt>").Append(E(t.Amount)).Append("</dt><dd dir=\"ltr\">").Append(E(Money(amount, currency))).Append("</dd></dl>")
            // No action attribute: the form posts back to this same URL, token and language included.
            .Append("<form method=\"post\"><input type=\"hidden\" name=\"").Append(E(antiforgeryField)).Append("\" value=\"").Append(E(antiforgeryToken)).Append("\">")
            .Append("<button class=\"yes\" name=\"").Append(FormField).Append("\" value=\"").Append(ConfirmValue).Append("\">").Append(E(t.Confirm)).Append("</button>")
            .Append("<button class=\"no\" name=\"").Append(FormField).Append("\" value=\"").Append(CancelValue).Append("\">").Append(E(t.Cancel)).Append("</button>")
            .Append("</form>");
        return Document(t, t.Title, body.ToString(), languageSwitch: true);
    }

    public static string Message(ConfirmLinkTexts t, string message, string? orderName = null)
    {
        var body = orderName is null ? "" : $"<dl><dt>{E(t.Order)}</dt><dd>{E(orderName)}</dd></dl>";
        return Document(t, t.Title, body + "<p>" + E(message) + "</p>", languageSwitch: false);
    }

    public static string When(DateTimeOffset at, TimeZoneInfo zone) => Verification.TimeZones.Local(at, zone);

    private static string Money(decimal amount, string currency)
        => $"{currency} {amount.ToString("#,0.##", CultureInfo.InvariantCulture)}".Trim();

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
