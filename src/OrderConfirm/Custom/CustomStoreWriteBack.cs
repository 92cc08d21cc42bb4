using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Custom;

// A custom shop has no admin API of ours to write to; it reads the outcome from GET /api/verifications/{id}.
public sealed class CustomStoreWriteBack : IOrderWriteBack
{
    public Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        => Task.FromResult<WriteBackResult>(new WriteBackResult.Done($"Outcome '{verification.Outcome}' recorded; a custom shop reads it from the API"));
}
