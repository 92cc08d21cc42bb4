namespace OrderConfirm.Security;

/// Settings still holding a value copied from an example (deploy/.env.example, deploy/kubernetes/secret.example.yaml,
/// a doc): outside Development the service refuses to start with them, naming the key and what to set, never the value.
/// A placeholder key would let the service run with a credential anyone who read the example knows.
public static class PlaceholderSettings
{
    // Under Docker Compose each key comes from one deploy/.env variable (deploy/docker-compose.yml maps them; a test
    // keeps this list and that file in step), so the message can name the line to edit.
    private static readonly Dictionary<string, string> ComposeVariables = new(StringComparer.Ordinal)
    {
        ["Admin:ApiKey"] = "ADMIN_API_KEY",
        ["Admin:MetricsKey"] = "METRICS_KEY",
        ["Dashboard:Username"] = "DASHBOARD_USERNAME",
        ["Dashboard:Password"] = "DASHBOARD_PASSWORD",
        ["Encryption:Key"] = "ENCRYPTION_KEY",
        ["ConnectionStrings:OrderConfirm"] = "POSTGRES_PASSWORD",
        ["PublicBaseUrl"] = "DOMAIN",
    };

    // RFC 2606's names for examples: no real service lives there, so a PublicBaseUrl on one was never edited.
    private static readonly string[] ExampleDomains = ["example.com", "example.net", "example.org"];

    internal static IReadOnlyDictionary<string, string> ComposeVariableOf => ComposeVariables;

    public static bool IsPlaceholder(string? value) => PlaceholderCredentials.Is(value);

    public static string Message(string key, string what = "is still a placeholder")
        => $"{key} {what} (as in the deployment examples): set a real one"
            + (ComposeVariables.TryGetValue(key, out var variable) ? $" ({variable} in deploy/.env with Docker Compose)." : ".");

    /// Whether a host is one of the reserved example names (example.com and its subdomains, anything under .example).
    public static bool IsExampleHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name == "example" || name.EndsWith(".example", StringComparison.Ordinal)
            || ExampleDomains.Any(d => name == d || name.EndsWith("." + d, StringComparison.Ordinal));
    }
}
