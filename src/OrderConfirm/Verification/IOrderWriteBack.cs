using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

// Writes a final outcome onto the order in the shop's admin. One implementation per platform. It asks the turn before
// every request it sends to the shop (turn.ProceedAsync) and answers Superseded, sending nothing more, when told no.
public interface IOrderWriteBack
{
    Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken);
}

public abstract record WriteBackResult
{
    private WriteBackResult()
    {
    }

    public sealed record Done(string Summary, string State = WriteBackState.Done) : WriteBackResult;

    // The customer's answer changed while this run wrote the older one: it sent nothing more, and the newer outcome is
    // written next. Not an attempt, and nothing is recorded.
    public sealed record Superseded : WriteBackResult;

    // A passing failure (5xx, network); try again after the delay, or the default backoff. Counts as an attempt.
    public sealed record RetryLater(string Reason, TimeSpan? After = null) : WriteBackResult;

    // The shop asked us to slow down (its rate limit): not a failure, so it spends no attempt; try again after at
    // least the delay the shop gave.
    public sealed record Throttled(string Reason, TimeSpan After) : WriteBackResult;

    // The shop refused for good: a person has to look. CredentialsRejected (token revoked, scope missing) also
    // flags the store, since every other order of that store will fail the same way.
    public sealed record Failed(string Reason, bool CredentialsRejected = false) : WriteBackResult;
}
