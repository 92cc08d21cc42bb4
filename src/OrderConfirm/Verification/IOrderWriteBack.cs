using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// Writes a final outcome onto the order in the shop's admin. One implementation per platform.
public interface IOrderWriteBack
{
    string Platform { get; }

    Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken);
}

public abstract record WriteBackResult
{
    private WriteBackResult()
    {
    }

    public sealed record Done(string Summary) : WriteBackResult;

    // A passing failure (5xx, network); try again after the delay, or the default backoff. Counts as an attempt.
    public sealed record RetryLater(string Reason, TimeSpan? After = null) : WriteBackResult;

    // The shop asked us to slow down (its rate limit): not a failure, so it spends no attempt; try again after at
    // least the delay the shop gave.
    public sealed record Throttled(string Reason, TimeSpan After) : WriteBackResult;

    // The shop refused for good: a person has to look. CredentialsRejected (token revoked, scope missing) also
    // flags the store, since every other order of that store will fail the same way.
    public sealed record Failed(string Reason, bool CredentialsRejected = false) : WriteBackResult;
}
