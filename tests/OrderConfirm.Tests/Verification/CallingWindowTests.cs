using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

public sealed class CallingWindowTests
{
    private static readonly TimeZoneInfo Karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
    private static readonly TimeSpan Pkt = TimeSpan.FromHours(5);

    [Theory]
    [InlineData("09:00-21:00")]
    [InlineData("00:00-24:00")]
    [InlineData("21:00-02:00")]
    [InlineData("9:30-17:45")]
    public void Parse_accepts_windows(string text) => Assert.True(CallingWindow.TryParse(text, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("09:00")]
    [InlineData("25:00-26:00")]
    [InlineData("09:00-09:00")]
    [InlineData("24:00-05:00")]
    [InlineData("abc-def")]
    [InlineData("09:00-21:00-22:00")]
    public void Parse_rejects_anything_else(string? text) => Assert.False(CallingWindow.TryParse(text, out _));

    [Fact]
    public void Always_window_is_recognised_and_round_trips()
    {
        Assert.True(CallingWindow.TryParse("00:00-24:00", out var always));
        Assert.True(always.Value.IsAlways);
        Assert.True(CallingWindow.TryParse("09:00-21:00", out var day));
        Assert.False(day.Value.IsAlways);
        Assert.Equal("09:00-21:00", day.Value.ToString());
    }

    [Theory]
    [InlineData("2026-11-22T10:00:00", "2026-11-22T10:00:00")] // inside: now
    [InlineData("2026-11-22T09:00:00", "2026-11-22T09:00:00")] // opening is inclusive
    [InlineData("2026-11-22T21:00:00", "2026-11-23T09:00:00")] // closing is exclusive
    [InlineData("2026-11-22T23:30:00", "2026-11-23T09:00:00")] // late evening: tomorrow
    [InlineData("2026-11-22T03:00:00", "2026-11-22T09:00:00")] // early morning: today
    [InlineData("2026-12-31T22:00:00", "2027-01-01T09:00:00")] // across the year
    public void Day_window_in_karachi(string localNow, string localExpected)
        => AssertNextOpening("09:00-21:00", Karachi, Local(localNow), Local(localExpected));

    [Theory]
    [InlineData("2026-11-22T23:00:00", "2026-11-22T23:00:00")]
    [InlineData("2026-11-23T01:30:00", "2026-11-23T01:30:00")]
    [InlineData("2026-11-23T02:00:00", "2026-11-23T21:00:00")]
    [InlineData("2026-11-22T12:00:00", "2026-11-22T21:00:00")]
    public void Window_across_midnight(string localNow, string localExpected)
        => AssertNextOpening("21:00-02:00", Karachi, Local(localNow), Local(localExpected));

    [Fact]
    public void Instant_in_another_offset_is_judged_in_the_stores_zone()
    {
        // 03:59 UTC is 08:59 in Karachi: one minute before opening.
        AssertNextOpening("09:00-21:00", Karachi, Utc(2026, 11, 22, 3, 59), Utc(2026, 11, 22, 4, 0));
    }

    [Fact]
    public void Always_window_never_moves_a_call()
    {
        foreach (var hour in new[] { 0, 3, 9, 21, 23 })
        {
            var now = new DateTimeOffset(2026, 11, 22, hour, 59, 0, Pkt);
            AssertNextOpening("00:00-24:00", Karachi, now, now);
        }
    }

    [Fact]
    public void Opening_on_the_day_clocks_go_forward_uses_summer_time()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        // 2026-03-29: at 01:00 UTC London moves to BST (UTC+1), so 09:00 local is 08:00 UTC.
        AssertNextOpening("09:00-17:00", london, Utc(2026, 3, 28, 20, 0), Utc(2026, 3, 29, 8, 0));
    }

    [Fact]
    public void Opening_inside_a_daylight_saving_gap_moves_to_when_clocks_resume()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day; the window opens at 03:00 EDT.
        AssertNextOpening("02:30-05:00", newYork, Utc(2026, 3, 8, 5, 0), Utc(2026, 3, 8, 7, 0));
    }

    // Inside the window the instant comes back untouched; a moved call is always expressed in UTC.
    private static void AssertNextOpening(string window, TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset expected)
    {
        var result = Window(window).NextOpening(now, zone);

        Assert.Equal(expected, result);
        Assert.Equal(expected == now ? now.Offset : TimeSpan.Zero, result.Offset);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute)
        => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static CallingWindow Window(string text)
    {
        Assert.True(CallingWindow.TryParse(text, out var window));
        return window.Value;
    }

    private static DateTimeOffset Local(string text)
        => new(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Pkt);
}
