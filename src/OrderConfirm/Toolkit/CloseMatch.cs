namespace OrderConfirm.Toolkit;

/// The known name a mistyped one was most likely meant to be: the same letters in another case or with _ or -
/// (api_key → apiKey), or one or two letters off (custmerName → customerName).
public static class CloseMatch
{
    public static string? Find(string typed, IEnumerable<string> known)
    {
        var plain = Plain(typed);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var distance = Distance(plain, Plain(name));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        // Two edits only for names long enough that two edits still leave most of the word.
        var allowed = plain.Length >= 6 ? 2 : plain.Length >= 3 ? 1 : 0;
        if (bestDistance <= allowed)
        {
            return best;
        }

        // One name holding the other whole (phoneNumber → phone, customer → customerName), when only one does.
        var holding = known.Where(name => Plain(name) is { Length: >= 4 } other && plain.Length >= 4 && (plain.Contains(other, StringComparison.Ordinal) || other.Contains(plain, StringComparison.Ordinal))).ToList();
        return holding.Count == 1 ? holding[0] : null;
    }

    private static string Plain(string name)
        => new([.. name.Where(c => c is not ('_' or '-' or ' ' or '.')).Select(char.ToLowerInvariant)]);

    // Levenshtein distance with adjacent transpositions (custmoer → customer is one edit).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
