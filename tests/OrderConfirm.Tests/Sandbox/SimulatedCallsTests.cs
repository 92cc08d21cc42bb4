using OrderConfirm.Sandbox;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Sandbox;

/// The documented rule (docs/sandbox.md) read through the engine's own status map: each last digit ends the way the
/// rule says once the simulated call has walked its statuses.
public sealed class SimulatedCallsTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset Dialled = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("923001234561", VerificationStatus.Confirmed)]
    [InlineData("923001234562", VerificationStatus.Cancelled)]
    [InlineData("923001234563", VerificationStatus.Callback)]
    [InlineData("923001234564", VerificationStatus.Unreachable)]
    [InlineData("923001234565", VerificationStatus.NoInput)]
    [InlineData("923001234567", VerificationStatus.Confirmed)]
    [InlineData("923001234560", VerificationStatus.Confirmed)]
    public void Each_last_digit_ends_as_the_rule_says(string phone, string outcome)
    {
        var callId = SimulatedCalls.NewCallId(phone, Dialled);

        var end = SimulatedCalls.StatusAt(callId, Dialled + TimeSpan.FromMinutes(1), Step, callRetries: 3)!.Value;

        Assert.Equal(outcome, RoboCallStatuses.Map(end.Status, end.Dtmf, end.Retry, 3));
    }

    [Fact]
    public void A_call_is_in_progress_first_and_walks_one_status_per_step()
    {
        var callId = SimulatedCalls.NewCallId("923001234564", Dialled);

        var seen = Enumerable.Range(0, 6).Select(i => SimulatedCalls.StatusAt(callId, Dialled + (Step * i), Step, 3)!.Value).ToList();

        Assert.Equal([8, 1, 5, 5, 5, 5], seen.Select(s => s.Status));
        Assert.Equal([0, 0, 1, 2, 3, 3], seen.Select(s => s.Retry));
        Assert.All(seen.Take(4), s => Assert.Null(RoboCallStatuses.Map(s.Status, s.Dtmf, s.Retry, 3)));
    }

    [Fact]
    public void A_call_id_holds_no_more_of_the_number_than_its_last_digit()
    {
        var callId = SimulatedCalls.NewCallId("923001234561", Dialled);

        Assert.DoesNotContain("1234", callId, StringComparison.Ordinal);
        Assert.EndsWith("-1", callId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20076")]
    [InlineData("sbx-x-1-1")]
    [InlineData("sbx-1-1-x")]
    public void An_id_the_simulator_never_gave_is_unknown(string callId)
        => Assert.Null(SimulatedCalls.StatusAt(callId, Dialled, Step, 3));
}
