using System.Diagnostics;
using System.Text.Json;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A shop's cost bucket as Shopify keeps it: a request is served only when the bucket holds its cost, otherwise it is
/// answered THROTTLED; every answer carries extensions.cost.throttleStatus.
public sealed class ShopifyBucketSimulation(double capacity, double restoreRate, double cost)
{
    private readonly double _capacity = capacity;
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _level = capacity;
    private TimeSpan _at;

    public int Served { get; private set; }

    public int Throttled { get; private set; }

    public string Answer()
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            _level = Math.Min(_capacity, _level + (restoreRate * (now - _at).TotalSeconds));
            _at = now;
            var throttled = _level < cost;
            if (throttled)
            {
                Throttled++;
            }
            else
            {
                _level -= cost;
                Served++;
            }

            var extensions = new { cost = new { requestedQueryCost = cost, actualQueryCost = throttled ? (double?)null : cost, throttleStatus = new { maximumAvailable = _capacity, currentlyAvailable = _level, restoreRate } } };
            return throttled
                ? JsonSerializer.Serialize(new { errors = new[] { new { message = "Throttled", extensions = new { code = "THROTTLED" } } }, extensions })
                : JsonSerializer.Serialize(new { data = new { shop = new { name = "Lahore Lawn" } }, extensions });
        }
    }
}
