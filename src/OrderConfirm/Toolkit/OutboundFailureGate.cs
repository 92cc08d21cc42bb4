using System.Collections.Concurrent;

namespace OrderConfirm.Toolkit;

/// Keeps an outage's log short: per provider, the first PerWindow failed requests of each Window get a line of their
/// own and the rest are counted, then said in one line, at the provider's first failure of the next window or when it
/// answers again. A provider down for five minutes thus costs at most 5 × (3 + 1) + 1 = 21 lines, however many
/// requests failed meanwhile (the metrics count every one of them).
public sealed class OutboundFailureGate(TimeProvider clock)
{
    public const int PerWindow = 3;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, State> _providers = new(StringComparer.Ordinal);

    /// A request to the provider failed: whether to write its own line, and how many earlier failures (of a window
    /// that has ended) were not written and are to be said now.
    public (bool Log, int NotLogged) Failed(string provider)
    {
        var state = _providers.GetOrAdd(provider, _ => new State());
        lock (state)
        {
            var now = clock.GetUtcNow();
            var notLogged = 0;
            if (now - state.WindowStart >= Window)
            {
                notLogged = state.NotLogged;
                state.NotLogged = 0;
                state.Logged = 0;
                state.WindowStart = now;
            }

            if (state.Logged < PerWindow)
            {
                state.Logged++;
                return (true, notLogged);
            }

            state.NotLogged++;
            return (false, notLogged);
        }
    }

    /// The provider answered: the failures not written one by one, to be said now (0 almost always, without a lock).
    public int Answered(string provider)
    {
        if (!_providers.TryGetValue(provider, out var state) || Volatile.Read(ref state.NotLogged) == 0)
        {
            return 0;
        }

        lock (state)
        {
            var notLogged = state.NotLogged;
            state.NotLogged = 0;
            return notLogged;
        }
    }

    private sealed class State
    {
        public DateTimeOffset WindowStart = DateTimeOffset.MinValue;
        public int Logged;
        public int NotLogged;
    }
}
