using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Sms;

/// Sends every SMS whose time has come (sms_due), a store's Robase SMS in batch requests and the rest one by one
/// through the same sender as the single job. Signalled by the dispatcher when an SMS becomes due, and run on
/// Jobs:SweeperCron so that an SMS whose signal was lost, or whose wait (calling hours, credit) is over, still goes.
/// No arguments at all: it reads its work from sms_due. Not retried by Hangfire: rows it took and did not finish come
/// back when their lease runs out, and the send claims make a second run harmless.
public sealed partial class SendDueSmsJob(
    SmsDue due, SmsDispatcher dispatcher, SmsBatchSender batches, IOptionsMonitor<SmsOptions> options, TimeProvider clock, ILogger<SendDueSmsJob> logger)
{
    // Rows taken per round: one Robase batch's worth.
    internal const int Take = 1000;

    // A run takes more rounds while it finds full ones, up to this many; the next signal or run goes on from there.
    private const int MaxRounds = 10;

    // How long taken rows stay with this run before another run (or the sweep) may take them again.
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Send due SMS in batches")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // SMS that become due meanwhile join this run (their signals are coalesced until BatchStarted).
        if (options.CurrentValue.BatchGather is { Ticks: > 0 } gather)
        {
            await Task.Delay(gather, clock, cancellationToken);
        }

        // Before the first read: an SMS recorded as due after this point signals a run of its own.
        dispatcher.BatchStarted();
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = clock.GetUtcNow();
            var rows = await due.LeaseAsync(now, now + Lease, Take, cancellationToken);
            if (rows.Count == 0)
            {
                return;
            }

            LogTaken(logger, rows.Count);
            await batches.SendAsync(rows, cancellationToken);
            if (rows.Count < Take)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending {Count} due SMS")]
    private static partial void LogTaken(ILogger logger, int count);
}
