using System.Text;
using System.Text.RegularExpressions;

namespace OrderConfirm.WooCommerce;

/// X-WC-Webhook-Signature is checked by WebhookSignature, like Shopify's; what is WooCommerce's own is which bytes of a
/// webhook's secret it signs with.
public static partial class WooCommerceSignature
{
    // The keys a secret may have signed with. WooCommerce signs with wp_specialchars_decode(secret, ENT_QUOTES) since
    // woocommerce#22722 (a secret saved through wp-admin can hold "&amp;" for "&"); older stores sign with the secret
    // as stored.
    public static IEnumerable<byte[]> KeysFor(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            yield break;
        }

        yield return Encoding.UTF8.GetBytes(secret);
        var decoded = SpecialcharsDecode(secret);
        if (!string.Equals(decoded, secret, StringComparison.Ordinal))
        {
            yield return Encoding.UTF8.GetBytes(decoded);
        }
    }

    // wp_specialchars_decode($text, ENT_QUOTES): only these entities (zero-padded numeric forms included) and in one
    // left-to-right pass like PHP's strtr, so "&amp;lt;" becomes "&lt;", not "<".
    internal static string SpecialcharsDecode(string text)
        => !text.Contains('&', StringComparison.Ordinal)
            ? text
            : Entity().Replace(text, match => match.Value switch
            {
                "&lt;" => "<",
                "&gt;" => ">",
                "&amp;" => "&",
                "&quot;" => "\"",
                _ => match.Groups["dec"].Success
                    ? match.Groups["dec"].Value switch { "39" => "'", "34" => "\"", "60" => "<", "62" => ">", _ => "&" }
                    : match.Groups["hex"].Value switch { "27" => "'", "22" => "\"", _ => "&" },
            });

    [GeneratedRegex("&(?:lt|gt|amp|quot|#0*(?<dec>39|34|60|62|38)|#[xX]0*(?<hex>27|22|26));", RegexOptions.CultureInvariant)]
    private static partial Regex Entity();
}
