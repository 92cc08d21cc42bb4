namespace OrderConfirm.Stores;

/// Runs a recurring job's work for every enabled store of a platform, one store at a time. Each store is loaded on its
/// own, and a store whose work throws (credentials sealed with a key this instance does not have, data that trips a bug)
/// is logged and passed over, so one bad store cannot stop the stores after it; the next run tries it again.
public static partial class EachStore
{
    public static async Task RunAsync(
        StoreRepository stores, string platform, string job, ILogger logger, Func<Store, Task> work, CancellationToken cancellationToken)
    {
        foreach (var id in await stores.ListEnabledIdsAsync(platform, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // Disabled or deleted since the list was read: nothing to do.
                if (await stores.GetAsync(id, cancellationToken) is { Enabled: true } store)
                {
                    await work(store);
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The type only: a message can carry a URL or a value from the shop.
                LogStoreFailed(logger, job, id, exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed for store {StoreId} ({Error}); the other stores go on, and the next run tries this one again")]
    private static partial void LogStoreFailed(ILogger logger, string job, long storeId, string error);
}
