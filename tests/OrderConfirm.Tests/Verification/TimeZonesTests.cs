using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// Times in sentences people read (timeline, dashboard, link page) are in the store's zone with its label.
public sealed class TimeZonesTests
{
    private static readonly DateTimeOffset Instant = new(2026, 12, 3, 9, 37, 17, TimeSpan.Zero);

    [Theory]
    [InlineData("Asia/Karachi", "2026-12-03 14:37:17 PKT")]
    [InlineData("UTC", "2026-12-03 09:37:17 UTC")]
    [InlineData("Asia/Dubai", "2026-12-03 13:37:17 UTC+04:00")]
    [InlineData("Asia/Kolkata", "2026-12-03 15:07:17 UTC+05:30")]
    [InlineData("America/New_York", "2026-12-03 04:37:17 UTC-05:00")]
    public void A_timeline_time_is_in_the_stores_zone_with_its_label(string zoneId, string expected)
    {
        Assert.True(TimeZones.TryFind(zoneId, out var zone));

        Assert.Equal(expected, TimeZones.Stamp(Instant, zone));
    }

    [Fact]
    public void The_label_follows_daylight_saving_time()
    {
        Assert.True(TimeZones.TryFind("Europe/London", out var london));

        Assert.Equal("2026-07-01 10:00:00 UTC+01:00", TimeZones.Stamp(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero), london));
        Assert.Equal("2026-12-03 09:37:17 UTC+00:00", TimeZones.Stamp(Instant, london));
    }

    [Fact]
    public void A_time_in_another_offset_is_converted_not_relabelled()
        => Assert.Equal("2026-12-03 14:37:17 PKT", TimeZones.Stamp(Instant.ToOffset(TimeSpan.FromHours(-7)), Zone("Asia/Karachi")));

    [Fact]
    public void The_customers_page_shows_minutes()
        => Assert.Equal("2026-12-03 14:37 PKT", TimeZones.Local(Instant, Zone("Asia/Karachi")));

    private static TimeZoneInfo Zone(string id) => TimeZones.TryFind(id, out var zone) ? zone : throw new InvalidOperationException(id);
}
