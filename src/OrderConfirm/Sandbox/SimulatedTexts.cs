using System.Collections.Concurrent;
using OrderConfirm.Verification;

namespace OrderConfirm.Sandbox;

/// Every SMS the simulated gateways took, newest first, for GET /sandbox/sms. In memory, the last 500: a look at what
/// the customer would have read, not a record (the verification's timeline and sms_messages are that).
public sealed class SimulatedTexts(TimeProvider clock)
{
    private const int Kept = 500;
    private readonly ConcurrentQueue<SimulatedText> _texts = new();
    private long _ids;

    public IReadOnlyList<SimulatedText> Newest => [.. _texts.Reverse()];

    /// Records a text and returns its message id. `to` in any spelling the gateway took (92…, +92…).
    public string Add(string gateway, string to, string? from, string text)
    {
        var id = $"{gateway}-{Interlocked.Increment(ref _ids)}";
        var masked = PakistaniMobile.TryNormalize(to, out var phone) ? PakistaniMobile.Mask(phone) : "(not a Pakistani mobile)";
        _texts.Enqueue(new SimulatedText(id, gateway, masked, from, text, clock.GetUtcNow()));
        while (_texts.Count > Kept && _texts.TryDequeue(out _))
        {
        }

        return id;
    }
}

/// One simulated SMS as GET /sandbox/sms shows it; the number masked as the API masks it.
public sealed record SimulatedText(string Id, string Gateway, string To, string? From, string Text, DateTimeOffset At);
