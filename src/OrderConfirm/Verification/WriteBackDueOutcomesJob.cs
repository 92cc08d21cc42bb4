using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

/// Writes back every outcome whose write-back is due (the apply step of docs/verification-states.md), many at once,
/// through DueStepRunner: at most Verification:PerStoreConcurrency of one shop at a time, so a slow shop delays only
/// its own orders. Woken like DialDueCallsJob and run on Jobs:SweeperCron; no arguments; not retried by Hangfire (the
/// claim runs out, and WriteBackTurns lets one run at a time talk to the shop about an order).
public sealed class WriteBackDueOutcomesJob(DueStepRunner runner, IServiceScopeFactory scopes, IOptionsMonitor<VerificationOptions> options)
{
    private static readonly ObjectFactory<ApplyOutcomeJob> Create = ActivatorUtilities.CreateFactory<ApplyOutcomeJob>([]);

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Write back the outcomes that are due")]
    public Task RunAsync(CancellationToken cancellationToken)
        => runner.RunAsync(VerificationStep.Apply, Lease(options.CurrentValue), WriteBackAsync, cancellationToken);

    // As long as a write-back's turn: a run that is merely slow keeps its row, one that died gives it back as late.
    internal static TimeSpan Lease(VerificationOptions settings) => settings.WriteBackLease;

    private async Task WriteBackAsync(ClaimedStep claimed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Create(scope.ServiceProvider, []).RunAsync(claimed.Id, cancellationToken);
    }
}
