using System.ComponentModel;
using Hangfire;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

/// Dials every customer whose call is due (the call step of docs/verification-states.md), many at once, through
/// DueStepRunner. Woken when a call becomes due (DueStepSignals) and run on Jobs:SweeperCron, so a call whose wake was
/// lost, or that was due hours from its dispatch, still goes. No arguments: it reads its work from the table. Not
/// retried by Hangfire: a row it took and did not finish is taken again when the claim runs out, and the dial claim
/// (PlaceCallJob) makes a second run harmless.
public sealed class DialDueCallsJob(DueStepRunner runner, IServiceScopeFactory scopes)
{
    // Long enough for everything before the dial claim (a shop re-read with its retries); a claim outlives a run that
    // died by at most this much.
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static readonly ObjectFactory<PlaceCallJob> Create = ActivatorUtilities.CreateFactory<PlaceCallJob>([]);

    [Queue("calls")]
    [AutomaticRetry(Attempts = 0)]
    [ExpireSucceededAfter(60)]
    [DisplayName("Dial the customers whose call is due")]
    public Task RunAsync(CancellationToken cancellationToken)
        => runner.RunAsync(VerificationStep.Call, Lease, DialAsync, cancellationToken);

    private async Task DialAsync(ClaimedStep claimed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Create(scope.ServiceProvider, []).RunAsync(claimed.Id, cancellationToken);
    }
}
