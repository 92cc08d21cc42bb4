namespace OrderConfirm.Toolkit;

/// One kind of data that is kept only for a while after the work it guards has finished (an SMS ledger, a note ledger,
/// a timeline). A feature registers its own with AddRetentionPruner; the prune job asks each in turn for batches until
/// one comes back short or the run's cap is reached, and the next run goes on where this one stopped.
public interface IRetentionPruner
{
    // For the log line: "SMS ledger rows", "timeline entries" … never anything about a customer.
    string What { get; }

    // The configuration key of Keep, so the log line says which setting to change.
    string KeepKey { get; }

    TimeSpan Keep { get; }

    /// Deletes one batch (a few thousand rows at most, so no statement holds the table for long) of data older than
    /// cutoff whose work is finished; how many rows went, and whether a full batch did (there may be more).
    Task<PrunedBatch> DeleteBatchAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

public sealed record PrunedBatch(int Deleted, bool Full);

public static class RetentionPruners
{
    public static IServiceCollection AddRetentionPruner<TPruner>(this IServiceCollection services)
        where TPruner : class, IRetentionPruner
        => services.AddSingleton<IRetentionPruner, TPruner>();
}
