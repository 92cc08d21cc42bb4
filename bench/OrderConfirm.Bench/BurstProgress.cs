using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrderConfirm.Bench;

/// What the stand-ins saw, keyed by the bench's order ids: when each order was first dialled and first written back,
/// and how many requests of each kind arrived. Times are seconds since the burst started (Start).
public sealed class BurstProgress
{
    private readonly ConcurrentDictionary<long, string> _storeOf = new();
    private readonly ConcurrentDictionary<long, long> _byPhoneTail = new();
    private readonly ConcurrentDictionary<long, double> _dialled = new();
    private readonly ConcurrentDictionary<long, double> _writtenBack = new();
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private long _started = Stopwatch.GetTimestamp();

    public double Now => Stopwatch.GetElapsedTime(Interlocked.Read(ref _started)).TotalSeconds;

    /// The burst starts now: times are measured from here, and requests counted from zero.
    public void Start()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _started, Stopwatch.GetTimestamp());
    }

    public void Register(long orderId, string store)
    {
        _storeOf[orderId] = store;
        _byPhoneTail[orderId % 10_000_000] = orderId;
    }

    public bool Knows(long orderId) => _storeOf.ContainsKey(orderId);

    public void Count(string kind) => _requests.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, int> Requests => new SortedDictionary<string, int>(_requests, StringComparer.Ordinal);

    public int Requested(string prefix) => _requests.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(r => r.Value);

    /// The bench's phones end with the order id's last seven digits (0300 + 7 digits, see the signed orders).
    public void DialledPhone(string callerId)
    {
        if (callerId.Length >= 7 && long.TryParse(callerId[^7..], out var tail))
        {
            if (_byPhoneTail.TryGetValue(tail, out var order))
            {
                _dialled.TryAdd(order, Now);
            }
        }
    }

    public void WrittenBack(long orderId) => _writtenBack.TryAdd(orderId, Now);

    /// The orders whose write-back the shop stand-in has not seen yet, to name the last few when they keep it waiting.
    public IReadOnlyList<long> NotWrittenBack() => _storeOf.Keys.Where(id => !_writtenBack.ContainsKey(id)).Order().ToList();

    public int Orders(string store) => _storeOf.Count(s => s.Value == store);

    public int Dialled(string? store = null) => _dialled.Keys.Count(id => store is null || _storeOf[id] == store);

    public int WrittenBackCount(string? store = null) => _writtenBack.Keys.Count(id => store is null || _storeOf[id] == store);

    /// The time the last order (of the store, or of all) was dialled, or null while one is still waiting.
    public double? AllDialledAt(string? store = null) => Last(_dialled, store);

    public double? AllWrittenBackAt(string? store = null) => Last(_writtenBack, store);

    private double? Last(ConcurrentDictionary<long, double> times, string? store)
    {
        var orders = _storeOf.Where(s => store is null || s.Value == store).Select(s => s.Key).ToList();
        return orders.Count > 0 && orders.All(times.ContainsKey) ? orders.Max(id => times[id]) : null;
    }
}
