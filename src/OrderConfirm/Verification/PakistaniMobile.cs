using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace OrderConfirm.Verification;

// Normalises what customers type at checkout into the 92XXXXXXXXXX form Robo Call dials.
public static partial class PakistaniMobile
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        input = TrunkZeroAfterCountryCode().Replace(AsciiDigits(input), "+92");

        // libphonenumber turns letters into keypad digits (vanity numbers); a checkout field with letters is not a phone.
        if (input.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/')))
        {
            return false;
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(input, "PK");
        }
        catch (NumberParseException)
        {
            return false;
        }

        if (number.CountryCode != 92 || !Util.IsValidNumberForRegion(number, "PK") || Util.GetNumberType(number) != PhoneNumberType.MOBILE)
        {
            return false;
        }

        normalized = "92" + number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    // Urdu (Extended Arabic-Indic ۰-۹), Arabic-Indic (٠-٩) and full-width (０-９) digits are the same number a
    // customer typed with another keyboard; each becomes its ASCII digit, and a full-width plus its '+'.
    public static string AsciiDigits(string input)
    {
        var chars = input.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (chars[i] - '\u06F0')),
                >= '\u0660' and <= '\u0669' => (char)('0' + (chars[i] - '\u0660')),
                >= '\uFF10' and <= '\uFF19' => (char)('0' + (chars[i] - '\uFF10')),
                '\uFF0B' => '+',
                '\uFF0D' or '\u2010' or '\u2011' or '\u2012' or '\u2013' => '-',
                _ => chars[i],
            };
        }

        return new string(chars);
    }

    // "+92-0300-1234567", "0092 0300 …": the country code and then the trunk 0 of the national spelling as well.
    [GeneratedRegex(@"^\s*(?:\+|00)?92[\s\-().]*0(?=[\s\-().]*3)")]
    private static partial Regex TrunkZeroAfterCountryCode();

    // 923001234567 → ********4567: the last four digits let a merchant match a customer who calls in, and say nothing
    // more (the operator prefix would narrow the number down to a network and a region).
    public static string Mask(string normalized)
        => normalized.Length <= 8 ? new string('*', normalized.Length) : new string('*', normalized.Length - 4) + normalized[^4..];
}
