using OrderConfirm.Webhooks;

namespace OrderConfirm.Tests.Webhooks;

/// The processor's lanes on their own: which deliveries may run together and which must wait.
public sealed class DeliveryLanesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_orders_deliveries_run_one_after_another_in_the_order_they_were_scheduled()
    {
        using var lanes = new DeliveryLanes(total: 8, perStore: 8, () => { });
        var log = new Log();
        var first = log.Blocking("create");
        lanes.Schedule(1, "1001", first.Work);
        lanes.Schedule(1, "1001", log.Instant("update").Work);
        lanes.Schedule(1, "1001", log.Instant("cancel").Work);
        await first.Started.WaitAsync(Wait);
        await Task.Delay(200);

        Assert.Equal(["create"], log.Started);
        first.Release();
        await lanes.DrainAsync().WaitAsync(Wait);
        Assert.Equal(["create", "update", "cancel"], log.Started);
    }

    [Fact]
    public async Task Different_orders_of_one_store_run_at_once_up_to_the_store_limit()
    {
        using var lanes = new DeliveryLanes(total: 8, perStore: 2, () => { });
        var log = new Log();
        var items = Enumerable.Range(1, 3).Select(i => log.Blocking($"order {i}")).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            lanes.Schedule(1, $"{i}", items[i].Work);
        }

        // Which two go first is up to the scheduler: different orders have no order between them.
        await Eventually(() => log.Started.Count == 2);
        await Task.Delay(200);
        Assert.Equal(2, log.Started.Count);

        var waiting = items.Single(i => !i.Started.IsCompleted);
        items.First(i => i.Started.IsCompleted).Release();
        await waiting.Started.WaitAsync(Wait);
        items.ForEach(i => i.Release());
        await lanes.DrainAsync().WaitAsync(Wait);
    }

    [Fact]
    public async Task A_store_wide_delivery_waits_for_the_stores_earlier_deliveries_and_holds_its_later_ones()
    {
        using var lanes = new DeliveryLanes(total: 8, perStore: 8, () => { });
        var log = new Log();
        var early = log.Blocking("order 1");
        var uninstall = log.Blocking("uninstall");
        lanes.Schedule(1, "1", early.Work);
        lanes.Schedule(1, null, uninstall.Work);
        lanes.Schedule(1, "2", log.Instant("order 2").Work);
        lanes.Schedule(2, "9", log.Instant("other store").Work);
        await early.Started.WaitAsync(Wait);
        await Eventually(() => log.Started.Contains("other store"));
        await Task.Delay(200);
        Assert.Equal(["order 1", "other store"], log.Started.Order());

        early.Release();
        await uninstall.Started.WaitAsync(Wait);
        await Task.Delay(200);
        Assert.DoesNotContain("order 2", log.Started);

        uninstall.Release();
        await lanes.DrainAsync().WaitAsync(Wait);
        Assert.Equal("order 2", log.Started[^1]);
    }

    [Fact]
    public async Task A_store_at_its_limit_does_not_hold_another_stores_deliveries()
    {
        using var lanes = new DeliveryLanes(total: 4, perStore: 2, () => { });
        var log = new Log();
        var busy = Enumerable.Range(1, 10).Select(i => log.Blocking($"a{i}")).ToList();
        for (var i = 0; i < busy.Count; i++)
        {
            lanes.Schedule(1, $"{i}", busy[i].Work);
        }

        var other = log.Blocking("b1");
        lanes.Schedule(2, "1", other.Work);

        await other.Started.WaitAsync(Wait);
        Assert.Equal(3, log.Started.Count); // two of store 1 and store 2's one
        Assert.Equal([1L], lanes.Busy());   // store 1 holds more than one claim takes (2 × 2): it is not claimed from

        foreach (var item in busy.Append(other))
        {
            item.Release();
        }

        await lanes.DrainAsync().WaitAsync(Wait);
        Assert.Empty(lanes.Busy());
        Assert.Equal(0, lanes.Queued);
    }

    [Fact]
    public async Task No_more_than_the_total_run_at_once_and_the_processor_is_told_when_room_frees_up()
    {
        var freed = 0;
        using var lanes = new DeliveryLanes(total: 2, perStore: 2, () => Interlocked.Increment(ref freed));
        var log = new Log();
        var items = Enumerable.Range(1, 9).Select(i => log.Blocking($"store {i}")).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            lanes.Schedule(i, null, items[i].Work);
        }

        await Eventually(() => log.Started.Count == 2);
        await Task.Delay(200);
        Assert.Equal(2, log.Started.Count);
        Assert.Equal(9, lanes.Queued);

        foreach (var item in items)
        {
            item.Release();
        }

        await lanes.DrainAsync().WaitAsync(Wait);
        Assert.Equal(9, log.Started.Count);
        Assert.True(freed > 0, "the lanes never said room had freed up");
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private sealed class Log
    {
        private readonly Lock _gate = new();
        private readonly List<string> _started = [];

        public IReadOnlyList<string> Started
        {
            get
            {
                lock (_gate)
                {
                    return [.. _started];
                }
            }
        }

        public Item Blocking(string name) => new(this, name, blocking: true);

        public Item Instant(string name) => new(this, name, blocking: false);

        private void Add(string name)
        {
            lock (_gate)
            {
                _started.Add(name);
            }
        }

        public sealed class Item(Log log, string name, bool blocking)
        {
            private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Started => _started.Task;

            public void Release() => _release.TrySetResult();

            public async Task Work()
            {
                log.Add(name);
                _started.TrySetResult();
                if (blocking)
                {
                    await _release.Task;
                }
            }
        }
    }
}
