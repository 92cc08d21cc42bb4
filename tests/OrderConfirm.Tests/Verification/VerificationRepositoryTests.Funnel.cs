namespace OrderConfirm.Tests.Verification;

/// The funnel counts orders by the day they were received in the store's zone, not in UTC.
public sealed partial class VerificationRepositoryTests
{
    [Fact]
    public async Task Orders_either_side_of_midnight_in_the_stores_zone_are_counted_on_their_own_days()
    {
        // 2026-11-22 18:30 UTC is 23:30 in Karachi (UTC+5); an hour later it is the 23rd there, still the 22nd in UTC.
        var karachi = (long)TimeSpan.FromHours(5).TotalMilliseconds;
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 18, 30, 0, TimeSpan.Zero));
        await _verifications.CreateAsync(Order("9001"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        await _verifications.CreateAsync(Order("9002"), CancellationToken.None);
        await _verifications.CreateAsync(Order("9003"), CancellationToken.None);
        var from = new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var to = new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var days = await _verifications.CountByDayAsync(_storeId, from, to, karachi, CancellationToken.None);

        var day22 = new DateOnly(2026, 11, 22).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        Assert.Equal([(day22, "pending", 1L), (day22 + 1, "pending", 2L)], days);
    }
}
