namespace OrderConfirm.Security;

/// Whether a credential is a placeholder copied from an example ("…", "shpat_…", "ck_", "changeme",
/// "YOUR_ROBOCALL_KEY") rather than a real one: saved, it would only fail later, at the first call or write-back.
public static class PlaceholderCredentials
{
    // The prefixes real Shopify and WooCommerce credentials start with; the prefix alone is no credential.
    private static readonly string[] Prefixes = ["shpat_", "shpca_", "shppa_", "shpss_", "ck_", "cs_"];

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "changeme", "changethis", "replaceme", "placeholder", "example", "examplekey", "apikey", "key", "token",
        "accesstoken", "secret", "password", "todo", "tbd", "none", "null", "xxx", "undefined",
    };

    public static bool Is(string? value)
    {
        if (value is null || value.Trim().Length == 0)
        {
            return false;
        }

        var rest = value.Trim();
        if (rest.StartsWith('<') && rest.EndsWith('>'))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                rest = rest[prefix.Length..];
                break;
            }
        }

        // Nothing after the prefix, or only dots, ellipses, x's, stars and dashes.
        if (rest.All(c => c is '.' or '…' or 'x' or 'X' or '*' or '_' or '-' or ' '))
        {
            return true;
        }

        var plain = new string([.. rest.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        return Words.Contains(plain) || plain.StartsWith("your", StringComparison.Ordinal) || plain.StartsWith("insert", StringComparison.Ordinal)
            || plain.StartsWith("changeme", StringComparison.Ordinal);
    }
}
