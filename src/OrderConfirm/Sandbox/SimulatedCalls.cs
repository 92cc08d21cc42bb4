using System.Globalization;

namespace OrderConfirm.Sandbox;

/// What a simulated call does, decided by the last digit of the number dialled (docs/sandbox.md): 1 the customer
/// presses 1 (confirm), 2 presses 2 (cancel), 3 presses 3 (callback), 4 never picks up (unreachable once Robo Call's
/// own retries are used up), 5 picks up and presses nothing (no input); any other digit presses 1.
public static class SimulatedCalls
{
    private static long _calls;

    /// A new call id. It carries the dial time and the rule's digit, so get_call needs no memory and a restarted service
    /// still follows calls it dialled before; it carries no other digit of the number (call ids are logged).
    public static string NewCallId(string phone, DateTimeOffset now)
        => string.Create(CultureInfo.InvariantCulture, $"sbx-{now.ToUnixTimeMilliseconds()}-{Interlocked.Increment(ref _calls)}-{Digit(phone)}");

    /// The call's status at `now`, as get_call shows it: (call_status, dtmf, retry). Null for an id this simulator never gave.
    public static (int Status, int? Dtmf, int Retry)? StatusAt(string callId, DateTimeOffset now, TimeSpan step, int callRetries)
    {
        var parts = callId.Split('-');
        if (parts is not ["sbx", var ms, _, var digit]
            || !long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var dialledAt)
            || digit is not [>= '0' and <= '9'])
        {
            return null;
        }

        var elapsed = now - DateTimeOffset.FromUnixTimeMilliseconds(dialledAt);
        var index = elapsed <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, elapsed.Ticks / Math.Max(1, step.Ticks));
        var sequence = Sequence(digit[0], callRetries);
        return sequence[Math.Min(index, sequence.Count - 1)];
    }

    /// The statuses a call walks through, one per step: pushed to SIP (8), initiated (1), then answered (2) with the key
    /// pressed, or, for 4, no answer (5) on each of Robo Call's own retries until the last.
    internal static IReadOnlyList<(int Status, int? Dtmf, int Retry)> Sequence(char digit, int callRetries)
    {
        var sequence = new List<(int, int?, int)> { (8, null, 0), (1, null, 0) };
        switch (digit)
        {
            case '4':
                for (var retry = Math.Min(1, callRetries); retry <= callRetries; retry++)
                {
                    sequence.Add((5, null, retry));
                }

                break;
            case '5':
                sequence.Add((2, null, 0));
                break;
            case '2' or '3':
                sequence.Add((2, digit - '0', 0));
                break;
            default:
                sequence.Add((2, 1, 0));
                break;
        }

        return sequence;
    }

    private static char Digit(string phone) => phone.Length > 0 && char.IsAsciiDigit(phone[^1]) ? phone[^1] : '1';
}
