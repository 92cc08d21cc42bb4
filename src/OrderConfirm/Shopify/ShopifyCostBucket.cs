namespace OrderConfirm.Shopify;

/// Our copy of one shop's Admin GraphQL cost bucket: it holds up to maximumAvailable points and refills at restoreRate
/// points a second. A request reserves its expected cost before it is sent and waits until the bucket covers it, so a
/// burst is spaced under the shop's budget instead of being answered THROTTLED. Every answer's
/// extensions.cost.throttleStatus corrects the estimate; a 429 closes the bucket for its Retry-After.
internal sealed class ShopifyCostBucket(TimeProvider clock)
{
    // Used until the shop's first answer tells the real figures (Shopify's older standard-plan bucket; the smallest
    // restore rate any plan has documented, so an unknown shop is not overrun).
    internal const double DefaultCapacity = 1000;
    internal const double DefaultRestoreRate = 50;

    private readonly Lock _gate = new();
    private double _capacity = DefaultCapacity;
    private double _restoreRate = DefaultRestoreRate;

    // Points left once every reservation so far is paid, as of _at; negative while requests queue for the refill.
    private double _level = DefaultCapacity;
    private long _at = clock.GetTimestamp();

    // Costs reserved by requests the shop has not answered yet: the shop's figures do not include them.
    private double _outstanding;
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;

    /// Reserves the cost and says how long to wait before sending. The caller sends after that wait, or gives the
    /// reservation back with <see cref="Release"/>.
    public TimeSpan Reserve(double cost)
    {
        lock (_gate)
        {
            var wait = WaitFor(cost);
            _level -= cost;
            _outstanding += cost;
            return wait;
        }
    }

    /// How long a request of this cost would wait now, without reserving anything.
    public TimeSpan Peek(double cost)
    {
        lock (_gate)
        {
            return WaitFor(cost);
        }
    }

    public void Release(double cost)
    {
        lock (_gate)
        {
            _level += cost;
            _outstanding = Math.Max(0, _outstanding - cost);
        }
    }

    /// The shop answered a request that had reserved <paramref name="cost"/>.
    public void Learn(double cost, ShopifyThrottleStatus? status, TimeSpan? closedFor)
    {
        lock (_gate)
        {
            _outstanding = Math.Max(0, _outstanding - cost);
            if (status is { } shop)
            {
                _capacity = shop.MaximumAvailable > 0 ? shop.MaximumAvailable : _capacity;
                _restoreRate = shop.RestoreRate > 0 ? shop.RestoreRate : _restoreRate;
                _level = Math.Min(shop.CurrentlyAvailable, _capacity) - _outstanding;
                _at = clock.GetTimestamp();
            }

            if (closedFor is { } closed && closed > TimeSpan.Zero && clock.GetUtcNow() + closed > _closedUntil)
            {
                _closedUntil = clock.GetUtcNow() + closed;
            }
        }
    }

    // Shopify sends a request only when the bucket holds its whole requested cost.
    private TimeSpan WaitFor(double cost)
    {
        Refill();
        var now = clock.GetUtcNow();
        var closed = _closedUntil > now ? _closedUntil - now : TimeSpan.Zero;
        var levelThen = Math.Min(_capacity, _level + (_restoreRate * closed.TotalSeconds));
        var needed = Math.Min(cost, _capacity);
        return levelThen >= needed ? closed : closed + TimeSpan.FromSeconds((needed - levelThen) / _restoreRate);
    }

    private void Refill()
    {
        var now = clock.GetTimestamp();
        _level = Math.Min(_capacity, _level + (_restoreRate * clock.GetElapsedTime(_at, now).TotalSeconds));
        _at = now;
    }
}

/// extensions.cost.throttleStatus of an Admin GraphQL answer.
internal readonly record struct ShopifyThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);
