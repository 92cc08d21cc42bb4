using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// README: the first write-back retry waits Verification:WriteBackRetryDelay, doubling each time, ±20 % jitter, at most
/// 30 minutes. A wait the shop asked for is honoured in full and spread by up to a fifth (at least up to a second).
public sealed class WriteBackBackoffTests
{
    private const int Samples = 2_000;
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(40)]
    public void Backoff_doubles_from_the_first_delay_with_20_percent_jitter_and_never_exceeds_30_minutes(int attempt)
    {
        var first = TimeSpan.FromSeconds(30);
        var nominal = Min(TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Min(attempt - 1, 20))), Cap);
        var low = nominal * 0.8;
        var high = Min(nominal * 1.2, Cap);

        var delays = Enumerable.Range(0, Samples).Select(_ => ApplyOutcomeJob.Backoff(first, attempt)).ToList();

        Assert.All(delays, d => Assert.InRange(d, low, high));
        if (high - low > TimeSpan.FromSeconds(1))
        {
            // Jittered, not fixed: the samples spread over most of the range.
            Assert.True(delays.Max() - delays.Min() > (high - low) * 0.8, $"attempt {attempt}: {delays.Min()}..{delays.Max()}");
        }
    }

    [Fact]
    public void Backoff_grows_with_each_attempt_until_the_cap()
    {
        var means = Enumerable.Range(1, 10)
            .Select(attempt => Enumerable.Range(0, Samples).Average(_ => ApplyOutcomeJob.Backoff(TimeSpan.FromSeconds(30), attempt).TotalSeconds))
            .ToList();

        // 30 s × 2^6 = 32 min: from the seventh attempt on, the cap.
        for (var i = 1; i < 6; i++)
        {
            Assert.InRange(means[i] / means[i - 1], 1.8, 2.2);
        }

        Assert.All(means.Skip(6), m => Assert.InRange(m, Cap.TotalSeconds * 0.8, Cap.TotalSeconds));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(60)]
    public void Throttle_delay_is_never_shorter_than_the_shops_wait_and_is_spread_by_up_to_a_fifth(double seconds)
    {
        var asked = TimeSpan.FromSeconds(seconds);
        var spread = TimeSpan.FromSeconds(Math.Max(seconds * 0.2, 1));

        var delays = Enumerable.Range(0, Samples).Select(_ => ApplyOutcomeJob.ThrottleDelay(asked)).ToList();

        Assert.All(delays, d => Assert.InRange(d, asked, asked + spread));
        Assert.True(delays.Max() - delays.Min() > spread * 0.8, $"{delays.Min()}..{delays.Max()}");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
