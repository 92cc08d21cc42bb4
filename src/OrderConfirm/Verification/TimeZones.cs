using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrderConfirm.Verification;

public static class TimeZones
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// A time as a merchant or customer reads it in the store's zone: "2026-12-03 14:05 PKT".
    public static string Local(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Label(zone, local);
    }

    /// A time in a text a person reads in the timeline or the dashboard, to the second: "2026-12-03 14:37:17 PKT".
    /// The API's timestamp fields stay ISO 8601 with an offset; only sentences use this.
    public static string Stamp(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + Label(zone, local);
    }

    // .NET has no time zone abbreviations; Pakistan's is the one merchants here read, any other zone shows its offset.
    private static string Label(TimeZoneInfo zone, DateTimeOffset local) => zone.Id switch
    {
        "Asia/Karachi" or "Pakistan Standard Time" => "PKT",
        "UTC" or "Etc/UTC" => "UTC",
        _ => "UTC" + local.ToString("zzz", CultureInfo.InvariantCulture),
    };
}
