namespace OrderConfirm.Webhooks;

/// Runs a processor's claimed deliveries at once wherever their order allows, so one slow shop round trip no longer
/// holds every delivery behind it:
/// - one order's deliveries run one after another, in the order they were scheduled (a cancel after its create);
/// - a delivery that concerns the whole store (no order key: an uninstall, a redact) runs alone, after every earlier
///   delivery of its store and before every later one;
/// - at most PerStore run at once for one store (its shop's request budget) and Total at once overall.
/// Work handed in must not throw; it decides itself what a failure means.
internal sealed class DeliveryLanes(int total, int perStore, Action roomFreed) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _total = new(total, total);
    private readonly Dictionary<long, StoreLane> _stores = [];
    private TaskCompletionSource? _idle;
    private int _queued;

    /// Deliveries a processor may hold claimed and unfinished: enough to keep every slot busy while it claims more.
    public int Capacity { get; } = total * 4;

    /// Rows one claim takes from one store at most; a store holding more than this is not claimed from (Busy).
    public int StoreTake { get; } = perStore * 2;

    /// Scheduled and not finished, running or waiting.
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queued;
            }
        }
    }

    /// Stores that hold enough queued deliveries that another claim would only add to their wait: their rows are left
    /// for later, so the claim reaches other stores' deliveries behind them (fairness).
    public IReadOnlyList<long> Busy()
    {
        lock (_gate)
        {
            return _stores.Where(s => s.Value.Queued > StoreTake).Select(s => s.Key).ToList();
        }
    }

    public void Schedule(long storeId, string? orderKey, Func<Task> work)
    {
        lock (_gate)
        {
            if (!_stores.TryGetValue(storeId, out var lane))
            {
                lane = new StoreLane(perStore);
                _stores[storeId] = lane;
            }

            var after = orderKey is null
                ? Task.WhenAll([lane.Barrier, .. lane.Tails.Values.Select(t => t.Task)])
                : lane.Tails.TryGetValue(orderKey, out var tail) ? Task.WhenAll(tail.Task, lane.Barrier) : lane.Barrier;

            // Started on the pool, so that work finishing at once cannot run its bookkeeping inside this lock.
            var task = Task.Run(() => RunAsync(storeId, lane, orderKey, after, work));
            if (orderKey is null)
            {
                lane.Barrier = task;
            }
            else
            {
                lane.Tails[orderKey] = new OrderTail(task, (lane.Tails.TryGetValue(orderKey, out var previous) ? previous.Pending : 0) + 1);
            }

            lane.Queued++;
            _queued++;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// Completes when everything scheduled so far has finished.
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return _idle?.Task ?? Task.CompletedTask;
        }
    }

    public void Dispose() => _total.Dispose();

    private async Task RunAsync(long storeId, StoreLane lane, string? orderKey, Task after, Func<Task> work)
    {
        try
        {
            // The tasks waited for never fault (work does not throw), but a wait must not be cut short either way.
            await after.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await lane.Slots.WaitAsync();
            try
            {
                await _total.WaitAsync();
                try
                {
                    await work();
                }
                finally
                {
                    _total.Release();
                }
            }
            finally
            {
                lane.Slots.Release();
            }
        }
        finally
        {
            Finish(storeId, lane, orderKey);
        }
    }

    private void Finish(long storeId, StoreLane lane, string? orderKey)
    {
        var freed = false;
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (orderKey is not null && lane.Tails.TryGetValue(orderKey, out var tail))
            {
                if (tail.Pending <= 1)
                {
                    lane.Tails.Remove(orderKey);
                }
                else
                {
                    lane.Tails[orderKey] = tail with { Pending = tail.Pending - 1 };
                }
            }

            lane.Queued--;
            _queued--;
            // Worth another claim: the store is down to what can run at once (a claim tops it up by StoreTake before
            // it runs dry), or done, or the processor is down to half its capacity.
            freed = lane.Queued == perStore || lane.Queued == 0 || _queued == Capacity / 2;
            if (lane.Queued == 0)
            {
                _stores.Remove(storeId);
                lane.Slots.Dispose();
            }

            if (_queued == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
        if (freed)
        {
            roomFreed();
        }
    }

    private sealed class StoreLane(int perStore)
    {
        public SemaphoreSlim Slots { get; } = new(perStore, perStore);

        // The last store-wide delivery scheduled: everything scheduled after it waits for it.
        public Task Barrier { get; set; } = Task.CompletedTask;

        // The last delivery scheduled per order, and how many of that order's are unfinished (the entry goes with the
        // last of them, so the map holds only orders with work in hand).
        public Dictionary<string, OrderTail> Tails { get; } = new(StringComparer.Ordinal);

        public int Queued { get; set; }
    }

    private sealed record OrderTail(Task Task, int Pending);
}
