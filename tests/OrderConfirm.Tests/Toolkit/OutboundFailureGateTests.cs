using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.Toolkit;

/// The bound on an outage's log lines: three a minute per provider, the rest counted and said once.
public sealed class OutboundFailureGateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_five_minute_outage_of_one_provider_costs_at_most_21_lines()
    {
        var gate = new OutboundFailureGate(_clock);
        var lines = 0;
        var failures = 0;

        // 5 minutes of a provider failing twice a second (600 failed requests), then it answers again.
        for (var tick = 0; tick < 600; tick++)
        {
            var (own, notLogged) = gate.Failed("robocall");
            lines += (own ? 1 : 0) + (notLogged > 0 ? 1 : 0);
            failures++;
            _clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        var atAnswer = gate.Answered("robocall");
        lines += atAnswer > 0 ? 1 : 0;

        Assert.Equal(600, failures);
        Assert.True(lines <= 21, $"{lines} lines");
        Assert.Equal(5 * OutboundFailureGate.PerWindow + 5, lines);
    }

    [Fact]
    public void Every_failure_is_either_written_or_counted_into_a_later_line()
    {
        var gate = new OutboundFailureGate(_clock);
        var written = 0;
        var counted = 0;

        for (var i = 0; i < 10; i++)
        {
            var (own, notLogged) = gate.Failed("robosms-pk");
            written += own ? 1 : 0;
            counted += notLogged;
        }

        counted += gate.Answered("robosms-pk");

        Assert.Equal(3, written);
        Assert.Equal(7, counted);
        Assert.Equal(0, gate.Answered("robosms-pk")); // said once
    }

    [Fact]
    public void Providers_have_windows_of_their_own()
    {
        var gate = new OutboundFailureGate(_clock);
        for (var i = 0; i < 5; i++)
        {
            gate.Failed("shopify-admin");
        }

        Assert.True(gate.Failed("robocall").Log);
        Assert.Equal(0, gate.Answered("robocall"));
        Assert.Equal(2, gate.Answered("shopify-admin"));
    }
}
