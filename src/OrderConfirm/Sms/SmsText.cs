namespace OrderConfirm.Sms;

/// How a text travels as SMS: GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table
/// (an extension character costs two septets), UCS-2 otherwise (Urdu, emoji). One segment holds 160 septets or 70
/// UTF-16 units; a longer text is split into segments of 153 or 67, because each carries a concatenation header.
public sealed record SmsText(SmsEncoding Encoding, int Units, int Segments)
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public static SmsText Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = 0;
        foreach (var c in text)
        {
            if (BasicSet.Contains(c))
            {
                septets++;
            }
            else if (ExtensionSet.Contains(c))
            {
                septets += 2;
            }
            else
            {
                // Emoji are two UTF-16 units each, as UCS-2 gateways count them.
                return new SmsText(SmsEncoding.Ucs2, text.Length, SegmentsOf(text.Length, 70, 67));
            }
        }

        return new SmsText(SmsEncoding.Gsm7, septets, SegmentsOf(septets, 160, 153));
    }

    private static int SegmentsOf(int units, int single, int part)
        => units == 0 ? 0 : units <= single ? 1 : (units + part - 1) / part;
}
