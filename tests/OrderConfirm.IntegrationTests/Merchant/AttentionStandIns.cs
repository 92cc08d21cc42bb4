using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Merchant;

/// A custom shop's write-back that answers 503 until the test lets it recover, to leave an order in needs-attention
/// with a failed write-back that a retry then completes.
public sealed class RecoveringWriteBack : IOrderWriteBack
{
    private volatile bool _recovered;

    public void Recover() => _recovered = true;

    public Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        => Task.FromResult<WriteBackResult>(_recovered ? new WriteBackResult.Done("written") : new WriteBackResult.RetryLater("shop answered 503"));
}
