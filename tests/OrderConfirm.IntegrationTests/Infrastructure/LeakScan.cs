using System.Collections.Concurrent;
using System.Text;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Every phone number, key and token the tests hand to the service is registered here, and every test host's log
/// (all categories at Trace, error paths included) is scanned for them when the host is disposed. A phone is found
/// in any spelling: its ten national digits, with or without separators and prefix.
public static class LeakScan
{
    private static readonly ConcurrentDictionary<string, byte> Phones = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);

    /// A Pakistani mobile in 92XXXXXXXXXX form; its ten national digits are what the scan looks for.
    public static void Phone(string normalized) => Phones.TryAdd(normalized[^10..], 0);

    /// A key, token or secret (at least 8 characters, so it cannot match by accident).
    public static void Secret(string value)
    {
        if (value.Length >= 8)
        {
            Secrets.TryAdd(value, 0);
        }
    }

    /// The log lines that carry a registered phone or secret, with what was found.
    public static IReadOnlyList<string> Find(IEnumerable<string> lines)
    {
        var found = new List<string>();
        var secrets = Secrets.Keys.ToArray();
        foreach (var line in lines)
        {
            if (PhoneIn(line) is { } phone)
            {
                found.Add($"phone …{phone[^4..]}: {line}");
            }

            foreach (var secret in secrets)
            {
                if (line.Contains(secret, StringComparison.Ordinal))
                {
                    found.Add($"secret {secret[..4]}…: {line}");
                }
            }
        }

        return found;
    }

    // Digits are read through the separators people type (spaces, dashes, dots, brackets); any ten in a row that
    // make a registered number count.
    private static string? PhoneIn(string line)
    {
        var digits = new StringBuilder();
        foreach (var c in line)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
                continue;
            }

            if (c is ' ' or '-' or '.' or '(' or ')' or '+')
            {
                continue;
            }

            if (Match(digits) is { } hit)
            {
                return hit;
            }

            digits.Clear();
        }

        return Match(digits);
    }

    private static string? Match(StringBuilder digits)
    {
        if (digits.Length < 10)
        {
            return null;
        }

        var run = digits.ToString();
        for (var i = 0; i + 10 <= run.Length; i++)
        {
            var window = run.Substring(i, 10);
            if (Phones.ContainsKey(window))
            {
                return window;
            }
        }

        return null;
    }
}
