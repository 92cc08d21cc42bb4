using System.Globalization;

namespace OrderConfirm.ConfirmLinks;

/// An amount as a customer reads it on a price tag: grouped thousands and the currency's own minor units (ISO 4217:
/// two for the rupee, none for the yen, three for the dinars). A whole amount shows no decimals (PKR 4,999); any
/// other shows all of the currency's (PKR 4,999.50), never a lone tenth (4,999.5).
public static class ConfirmLinkMoney
{
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// The currency's minor units; 2 (PKR, USD, EUR, AED, SAR, …) for any currency not listed.
    public static int DecimalsOf(string? currency) => currency is not null && MinorUnits.TryGetValue(currency.Trim(), out var units) ? units : 2;

    public static string Format(decimal amount, string? currency)
    {
        var decimals = DecimalsOf(currency);
        var rounded = Math.Round(amount, decimals, MidpointRounding.AwayFromZero);
        var shown = rounded == decimal.Truncate(rounded) ? 0 : decimals;
        var number = rounded.ToString("N" + shown.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return $"{currency?.Trim().ToUpperInvariant()} {number}".Trim();
    }
}
