using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// What Docker Compose would hand a service: deploy/.env.example's values substituted into docker-compose.yml the way
/// Compose interpolates (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $VAR, $$). There is
/// no Docker engine here, so the substitution is done by hand, following the compose specification's rules.
internal static partial class ComposeEnvironment
{
    /// deploy/.env.example as Compose reads an env file: KEY=VALUE lines; # starts a comment line.
    public static Dictionary<string, string> EnvExample()
        => RepositoryFiles.Read(DeployFiles.EnvExample).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"'), StringComparer.Ordinal);

    /// The service's environment with the variables substituted; a required variable that is unset or empty throws
    /// (Compose refuses to start then, with the error text given).
    public static Dictionary<string, string> Of(string service, IReadOnlyDictionary<string, string> variables)
    {
        var environment = (JsonObject?)DeployFiles.ComposeDocument()["services"]![service]!["environment"] ?? [];
        return environment.ToDictionary(e => e.Key, e => Interpolate(e.Value?.ToString() ?? "", variables), StringComparer.Ordinal);
    }

    /// The variables a service's environment refers to, by the key they fill.
    public static Dictionary<string, IReadOnlyList<string>> VariablesOf(string service)
    {
        var environment = (JsonObject?)DeployFiles.ComposeDocument()["services"]![service]!["environment"] ?? [];
        return environment.ToDictionary(
            e => e.Key,
            e => (IReadOnlyList<string>)[.. Reference().Matches(e.Value?.ToString() ?? "").Select(m => m.Groups["name"].Value)],
            StringComparer.Ordinal);
    }

    /// Every variable the compose file refers to, anywhere in it.
    public static IReadOnlySet<string> AllVariables()
        => Reference().Matches(RepositoryFiles.Read(DeployFiles.Compose).Replace("$$", "", StringComparison.Ordinal))
            .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    public static string Interpolate(string value, IReadOnlyDictionary<string, string> variables)
        => string.Join("$", value.Split("$$").Select(part => Reference().Replace(part, m =>
        {
            var name = m.Groups["name"].Value;
            var set = variables.TryGetValue(name, out var current);
            var empty = !set || current!.Length == 0;
            var unsetOnly = m.Groups["op"].Value is "-" or "?";
            var missing = unsetOnly ? !set : empty;
            return m.Groups["op"].Value switch
            {
                ":-" or "-" => missing ? m.Groups["arg"].Value : current!,
                ":?" or "?" => missing ? throw new InvalidOperationException($"Compose refuses: {name}: {m.Groups["arg"].Value}") : current!,
                _ => current ?? "",
            };
        })));

    [GeneratedRegex(@"\$(\{(?<name>[A-Za-z_][A-Za-z0-9_]*)((?<op>:-|-|:\?|\?)(?<arg>[^}]*))?\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Reference();
}
