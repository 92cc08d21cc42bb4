using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Shopify;

namespace OrderConfirm.Tests.Shopify;

public sealed class ShopifyCostBucketTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Unknown_shop_is_not_made_to_wait()
        => Assert.Equal(TimeSpan.Zero, new ShopifyCostBucket(_clock).Reserve(10));

    [Fact]
    public void Throttle_status_sets_the_wait_to_the_refill_of_the_missing_points()
    {
        var bucket = new ShopifyCostBucket(_clock);
        bucket.Reserve(50);
        bucket.Learn(50, new ShopifyThrottleStatus(1000, 20, 10), null);

        Assert.Equal(TimeSpan.FromSeconds(3), bucket.Peek(50)); // (50 − 20) / 10
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.Peek(50));
    }

    [Fact]
    public void Reservations_queue_behind_each_other_at_the_restore_rate()
    {
        var bucket = new ShopifyCostBucket(_clock);
        bucket.Learn(0, new ShopifyThrottleStatus(100, 10, 10), null);

        var waits = Enumerable.Range(0, 4).Select(_ => bucket.Reserve(10)).ToList();

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], waits);
    }

    [Fact]
    public void Answer_counts_requests_still_in_flight_against_the_shops_figure()
    {
        var bucket = new ShopifyCostBucket(_clock);
        var (first, second) = (bucket.Reserve(10), bucket.Reserve(10));

        // The first one's answer says 15 points are left; the second is not in that figure yet.
        bucket.Learn(10, new ShopifyThrottleStatus(100, 15, 5), null);

        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (first, second));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Peek(10)); // 15 − 10 in flight = 5; 5 more at 5 a second
    }

    [Fact]
    public void Released_reservation_gives_its_points_back()
    {
        var bucket = new ShopifyCostBucket(_clock);
        bucket.Learn(0, new ShopifyThrottleStatus(100, 10, 10), null);

        bucket.Reserve(10);
        bucket.Release(10);

        Assert.Equal(TimeSpan.Zero, bucket.Peek(10));
    }

    [Fact]
    public void Too_many_requests_closes_the_bucket_for_its_retry_after()
    {
        var bucket = new ShopifyCostBucket(_clock);

        bucket.Learn(0, null, TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(4), bucket.Reserve(10));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Peek(10));
        bucket.Learn(0, null, TimeSpan.FromSeconds(0.5)); // a shorter Retry-After never reopens it early
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Peek(10));
    }

    [Fact]
    public void Bucket_never_refills_beyond_the_shops_maximum()
    {
        var bucket = new ShopifyCostBucket(_clock);
        bucket.Learn(0, new ShopifyThrottleStatus(50, 0, 10), null);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var waits = Enumerable.Range(0, 6).Select(_ => bucket.Reserve(10)).ToList();

        Assert.Equal(TimeSpan.Zero, waits[4]);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[5]);
    }
}
