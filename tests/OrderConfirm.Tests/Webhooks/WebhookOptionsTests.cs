using System.ComponentModel.DataAnnotations;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void Default_retries_double_from_thirty_seconds_to_an_hour_and_span_hours()
    {
        var options = new WebhookOptions();

        var delays = Enumerable.Range(1, options.MaxAttempts - 1).Select(options.DelayAfter).ToList();

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600], delays.Take(8).Select(d => (int)d.TotalSeconds));
        Assert.All(delays.Skip(8), d => Assert.Equal(TimeSpan.FromHours(1), d));
        // Long enough for an encryption-key rotation rolled out over several hours.
        Assert.InRange(delays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d), TimeSpan.FromHours(6), TimeSpan.FromHours(12));
    }

    [Fact]
    public void A_long_doubling_stops_at_the_cap_without_overflowing()
    {
        var options = new WebhookOptions { RetryDelay = TimeSpan.FromDays(1), MaxRetryDelay = TimeSpan.FromDays(7) };

        Assert.Equal(TimeSpan.FromDays(7), options.DelayAfter(100));
        Assert.Equal(TimeSpan.FromDays(1), options.DelayAfter(0));
    }

    [Theory]
    [InlineData("00:00:30", "00:00:10", 15, "00:01:00", "MaxRetryDelay")]
    [InlineData("00:00:30", "01:00:00", 0, "00:01:00", "MaxAttempts")]
    [InlineData("00:00:00", "01:00:00", 15, "00:01:00", "RetryDelay")]
    [InlineData("00:00:30", "01:00:00", 15, "00:00:00.500", "ClaimTimeout")]
    public void Invalid_settings_are_refused(string retryDelay, string maxRetryDelay, int maxAttempts, string claimTimeout, string member)
    {
        var options = new WebhookOptions
        {
            RetryDelay = TimeSpan.Parse(retryDelay, System.Globalization.CultureInfo.InvariantCulture),
            MaxRetryDelay = TimeSpan.Parse(maxRetryDelay, System.Globalization.CultureInfo.InvariantCulture),
            MaxAttempts = maxAttempts,
            ClaimTimeout = TimeSpan.Parse(claimTimeout, System.Globalization.CultureInfo.InvariantCulture),
        };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(member));
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var options = new WebhookOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Equal(TimeSpan.FromSeconds(15), options.HeartbeatInterval);
    }
}
