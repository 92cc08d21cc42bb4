using System.Collections.Concurrent;
using System.Globalization;
using OrderConfirm.Verification;

namespace OrderConfirm.Sandbox;

/// Every SMS the simulated gateways took, newest first, for GET /sandbox/sms. In memory, the last 500: a look at what
/// the customer would have read, not a record (the verification's timeline and sms_messages are that).
public sealed class SimulatedTexts(TimeProvider clock)
{
    private const int Kept = 500;
    private readonly ConcurrentQueue<(long Number, SimulatedText Text)> _texts = new();
    private long _ids;

    /// Newest first, before the number given (paging); NextBefore is null on the last page.
    public (IReadOnlyList<SimulatedText> Items, long? NextBefore) Page(long? before, int limit)
    {
        var page = _texts.Reverse().Where(t => before is null || t.Number < before).Take(limit).ToList();
        return ([.. page.Select(t => t.Text)], page.Count == limit ? page[^1].Number : null);
    }

    /// Records a text and returns its message id. `to` in any spelling the gateway took (92…, +92…).
    public string Add(string gateway, string to, string? from, string text)
    {
        var number = Interlocked.Increment(ref _ids);
        var id = string.Create(CultureInfo.InvariantCulture, $"{gateway}-{number}");
        var masked = PakistaniMobile.TryNormalize(to, out var phone) ? PakistaniMobile.Mask(phone) : "(not a Pakistani mobile)";
        _texts.Enqueue((number, new SimulatedText(id, gateway, masked, from, text, clock.GetUtcNow())));
        while (_texts.Count > Kept && _texts.TryDequeue(out _))
        {
        }

        return id;
    }
}

/// One simulated SMS as GET /sandbox/sms shows it; the number masked as the API masks it.
public sealed record SimulatedText(string Id, string Gateway, string To, string? From, string Text, DateTimeOffset At);
