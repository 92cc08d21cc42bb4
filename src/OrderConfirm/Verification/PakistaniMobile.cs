using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace OrderConfirm.Verification;

// Normalises what customers type at checkout into the 92XXXXXXXXXX form Robo Call dials.
public static class PakistaniMobile
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

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

    // 923001234567 → ********4567: the last four digits let a merchant match a customer who calls in, and say nothing
    // more (the operator prefix would narrow the number down to a network and a region).
    public static string Mask(string normalized)
        => normalized.Length <= 8 ? new string('*', normalized.Length) : new string('*', normalized.Length - 4) + normalized[^4..];
}
