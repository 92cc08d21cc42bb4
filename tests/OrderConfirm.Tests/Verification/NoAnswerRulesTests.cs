using OrderConfirm.Tests.StoreAdmin;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

public sealed class NoAnswerRulesTests
{
    private static readonly TimeZoneInfo Karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
    private static readonly CallingWindow Day = new(TimeSpan.FromHours(9), TimeSpan.FromHours(21));
    private static readonly NoAnswerRules ThreeHours = new(2, TimeSpan.FromHours(3), NoAnswerRules.Unanswered, NoAnswerRules.Hold);

    [Theory]
    [InlineData("2026-11-22T10:00:00+05:00", "2026-11-22T13:00:00+05:00")] // inside the hours: the delay as it is
    [InlineData("2026-11-22T17:59:00+05:00", "2026-11-22T20:59:00+05:00")] // just inside before closing
    [InlineData("2026-11-22T18:00:00+05:00", "2026-11-23T09:00:00+05:00")] // 21:00 is closed: the next morning
    [InlineData("2026-11-22T20:30:00+05:00", "2026-11-23T09:00:00+05:00")]
    [InlineData("2026-11-22T03:00:00+05:00", "2026-11-22T09:00:00+05:00")] // 06:00 is before opening: that morning
    public void Next_attempt_is_the_delay_later_moved_into_the_calling_hours(string now, string expected)
        => Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ThreeHours.NextAttemptAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Day, Karachi));

    [Fact]
    public void Next_attempt_in_a_window_across_midnight_stays_in_it()
    {
        var night = new CallingWindow(TimeSpan.FromHours(21), TimeSpan.FromHours(2));
        var now = DateTimeOffset.Parse("2026-11-22T23:30:00+05:00", System.Globalization.CultureInfo.InvariantCulture);
        var twoHours = ThreeHours with { ReattemptAfter = TimeSpan.FromHours(2) };
        Assert.Equal(now.AddHours(2), twoHours.NextAttemptAt(now, night, Karachi)); // 01:30, still open
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T21:00:00+05:00", System.Globalization.CultureInfo.InvariantCulture), ThreeHours.NextAttemptAt(now, night, Karachi)); // 02:30 is closed
    }

    [Theory]
    [InlineData("unreachable", 1, true)]
    [InlineData("unreachable", 2, true)]
    [InlineData("unreachable", 3, false)] // 1 + 2 re-attempts used up
    [InlineData("no-input", 1, true)]
    [InlineData("callback", 1, false)]
    [InlineData("confirmed", 1, false)]
    public void Calls_again_only_for_unanswered_outcomes_with_attempts_left(string outcome, int attempt, bool expected)
        => Assert.Equal(expected, ThreeHours.CallsAgain(outcome, attempt));

    [Theory]
    [InlineData(2, new[] { "unreachable" }, "unreachable", 3, true)]
    [InlineData(2, new[] { "unreachable" }, "unreachable", 2, false)] // attempts left: not yet
    [InlineData(2, new[] { "unreachable" }, "no-input", 3, false)] // not re-attempted, so not a no-answer either
    [InlineData(0, new[] { "unreachable" }, "no-input", 1, true)] // without re-attempts any unanswered call
    [InlineData(0, new[] { "unreachable" }, "callback", 1, false)]
    [InlineData(0, new[] { "unreachable" }, "cancelled", 1, false)]
    public void Policy_decides_after_the_last_unanswered_attempt(int reattempts, string[] on, string outcome, int attempt, bool expected)
        => Assert.Equal(expected, new NoAnswerRules(reattempts, TimeSpan.FromHours(1), on, NoAnswerRules.Cancel).PolicyDecides(outcome, attempt));

    [Theory]
    [InlineData(-1, null, null, null, "settings.reattempts")]
    [InlineData(6, null, null, null, "settings.reattempts")]
    [InlineData(null, "00:00:00", null, null, "settings.reattemptAfter")]
    [InlineData(null, "3.00:00:00", null, null, "settings.reattemptAfter")]
    [InlineData(null, null, "callback", null, "settings.reattemptOn")]
    [InlineData(null, null, "confirmed", null, "settings.reattemptOn")]
    [InlineData(null, null, null, "refund", "settings.noAnswerPolicy")]
    public void Store_settings_out_of_range_are_named(int? reattempts, string? after, string? on, string? policy, string field)
    {
        var settings = StoreSettings.Of(new CallSettings { Reattempts = reattempts, ReattemptAfter = after is null ? null : TimeSpan.Parse(after, System.Globalization.CultureInfo.InvariantCulture), ReattemptOn = on is null ? null : ["unreachable", on], NoAnswerPolicy = policy });
        var errors = StoreRules.Validate(new StoreRequest { Name = "C", Platform = "custom", Settings = settings }, null);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Store_settings_in_range_pass()
    {
        var settings = StoreSettings.Of(new CallSettings { Reattempts = 5, ReattemptAfter = TimeSpan.FromHours(3), ReattemptOn = ["no-input"], NoAnswerPolicy = "confirm" });
        Assert.Empty(StoreRules.Validate(new StoreRequest { Name = "C", Platform = "custom", Settings = settings }, null));
    }

    [Fact]
    public void Defaults_are_validated_too()
    {
        var validator = new VerificationOptionsValidator();
        Assert.True(validator.Validate(null, new VerificationOptions()).Succeeded);
        var bad = validator.Validate(null, new VerificationOptions { Reattempts = 9, ReattemptAfter = TimeSpan.Zero, ReattemptOn = ["callback"], NoAnswerPolicy = "refund" });
        Assert.Equal(4, bad.Failures!.Count());
    }
}
