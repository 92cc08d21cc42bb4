using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrderConfirm.Verification;

// The daily window in which customers may be called, in the store's time zone. "21:00-02:00" crosses midnight;
// "00:00-24:00" means always.
public readonly record struct CallingWindow(TimeSpan Start, TimeSpan End)
{
    public bool IsAlways => Start == TimeSpan.Zero && End == TimeSpan.FromHours(24);

    public static bool TryParse(string? text, [NotNullWhen(true)] out CallingWindow? window)
    {
        window = null;
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || !TryParseTime(parts[0], out var start) || !TryParseTime(parts[1], out var end))
        {
            return false;
        }

        if (start == end || start == TimeSpan.FromHours(24))
        {
            return false;
        }

        window = new CallingWindow(start, end);
        return true;
    }

    public bool Contains(TimeSpan timeOfDay)
        => IsAlways || (Start < End
            ? timeOfDay >= Start && timeOfDay < End
            : timeOfDay >= Start || timeOfDay < End);

    // The instant itself when calling is allowed then, otherwise the next moment the window opens.
    public DateTimeOffset NextOpening(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        if (Contains(local.TimeOfDay))
        {
            return instant;
        }

        // Outside the window we are always before today's opening, except in a plain window after it closed.
        var day = local.TimeOfDay < Start ? local.Date : local.Date.AddDays(1);
        var opening = DateTime.SpecifyKind(day + Start, DateTimeKind.Unspecified);

        // A daylight-saving gap can swallow the opening time; the window then opens when the clocks resume.
        while (zone.IsInvalidTime(opening))
        {
            opening = opening.AddMinutes(1);
        }

        return new DateTimeOffset(opening, zone.GetUtcOffset(opening)).ToUniversalTime();
    }

    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static string Format(TimeSpan value) => $"{(int)value.TotalHours:00}:{value.Minutes:00}";

    private static bool TryParseTime(string text, out TimeSpan value)
    {
        value = default;
        if (text == "24:00")
        {
            value = TimeSpan.FromHours(24);
            return true;
        }

        if (!TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        value = time.ToTimeSpan();
        return true;
    }
}
