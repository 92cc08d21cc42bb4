using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.RoboCall;

namespace OrderConfirm.Verification;

// Recurring safety net for the one step no runner can take back: a dial that began and never recorded its answer
// (the worker stopped, or the request hung). Its outcome is unknown for good, so it goes to a person; it is never
// redialled. See docs/verification-states.md, "Dial". Calls and write-backs whose wake was lost need no sweeper: their
// runners' recurring runs (dial-due-calls, write-back-due-outcomes) take every due row from the table.
public sealed partial class SweeperJob(
    VerificationRepository verifications,
    IOptionsMonitor<RoboCallOptions> roboCallOptions,
    TimeProvider clock,
    ILogger<SweeperJob> logger)
{
    // Past the dial timeout, a dial's two commits may each wait for SQLite's write lock (30 s busy timeout) and a
    // loaded worker may be slow to run the continuation; only a dial older than all of that is stuck for good.
    internal static readonly TimeSpan StuckDialMargin = TimeSpan.FromMinutes(2);

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Sweep: hand dials stuck without a call id to a person")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var id in await verifications.StuckDialsAsync(StuckBefore(now, roboCallOptions.CurrentValue.DialTimeout), cancellationToken))
        {
            await verifications.NeedsAttentionAsync(
                id,
                VerificationStep.Dialing,
                "Dial outcome unknown: the dial started but no call id was recorded (the worker stopped or the request hung). The customer may have been called; not redialled automatically.",
                cancellationToken);
            LogStuckDial(logger, id);
        }
    }

    internal static DateTimeOffset StuckBefore(DateTimeOffset now, TimeSpan dialTimeout) => now - dialTimeout - StuckDialMargin;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {Id} was stuck dialing without a call id; marked needs-attention")]
    private static partial void LogStuckDial(ILogger logger, long id);
}
