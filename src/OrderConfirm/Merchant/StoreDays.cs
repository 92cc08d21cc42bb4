using System.Globalization;

namespace OrderConfirm.Merchant;

/// The days the pages' filters take (an input type="date": yyyy-MM-dd), read as days in the store's zone.
public static class StoreDays
{
    public static DateOnly? Parse(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
