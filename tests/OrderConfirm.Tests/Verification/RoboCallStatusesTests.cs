using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

public sealed class RoboCallStatusesTests
{
    private const int CallRetries = 3;

    [Theory]
    [InlineData(1, "confirmed")]
    [InlineData(2, "cancelled")]
    [InlineData(3, "callback")]
    [InlineData(null, "no-input")]
    [InlineData(7, "no-input")]
    public void Answered_call_maps_the_key_pressed(int? dtmf, string expected)
        => Assert.Equal(expected, RoboCallStatuses.Map(2, dtmf, 0, CallRetries));

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Failed_attempt_is_unreachable_only_after_robo_calls_retries(int status)
    {
        Assert.Equal("unreachable", RoboCallStatuses.Map(status, null, 3, CallRetries));
        Assert.Equal("unreachable", RoboCallStatuses.Map(status, null, 4, CallRetries));
        Assert.Null(RoboCallStatuses.Map(status, null, 0, CallRetries));
        Assert.Null(RoboCallStatuses.Map(status, null, 1, CallRetries));
        Assert.Null(RoboCallStatuses.Map(status, null, 2, CallRetries));
        Assert.Null(RoboCallStatuses.Map(status, null, null, CallRetries));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(99)]
    public void Initiated_pushed_and_unknown_statuses_are_still_in_progress(int status)
    {
        Assert.Null(RoboCallStatuses.Map(status, null, 0, CallRetries));
        Assert.Null(RoboCallStatuses.Map(status, null, null, CallRetries));
        Assert.Null(RoboCallStatuses.Map(status, 1, 5, CallRetries));
    }
}
