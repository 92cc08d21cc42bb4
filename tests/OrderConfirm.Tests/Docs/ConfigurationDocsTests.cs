using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderConfirm.Tests.Docs;

/// docs/configuration.md lists every configuration key the service reads, and nothing it does not: a key added to an
/// options class or to appsettings.json without a line in the table fails here, and so does a documented key that no
/// longer exists. Keys are compared without array indexes (Encryption:PreviousKeys:0 is Encryption:PreviousKeys).
public sealed partial class ConfigurationDocsTests
{
    private const string Document = "docs/configuration.md";

    [Fact]
    public void Every_key_of_appsettings_json_is_in_the_configuration_document()
    {
        var documented = DocumentedKeys();

        var missing = AppSettingsKeys().Where(k => !documented.Contains(k)).ToList();

        Assert.True(missing.Count == 0, $"Keys of appsettings.json missing from {Document}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_option_the_service_binds_is_in_the_configuration_document()
    {
        var documented = DocumentedKeys();
        var options = OptionKeys();

        var missing = options.Where(k => !documented.Contains(k)).ToList();

        Assert.NotEmpty(options);
        Assert.True(missing.Count == 0, $"Options missing from {Document}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_documented_key_is_read_by_the_service()
    {
        var known = OptionKeys().Concat(AppSettingsKeys()).Concat(SourceLiterals()).ToHashSet(StringComparer.Ordinal);

        var unknown = DocumentedKeys().Where(k => !known.Contains(k)).ToList();

        Assert.True(unknown.Count == 0, $"Keys in {Document} that no options class, appsettings.json or source file names: {string.Join(", ", unknown)}");
    }

    /// The first cell of every table row that names a configuration key (PascalCase, ':'-separated), in backticks.
    /// The store settings' table names camelCase fields and is left out by that rule.
    internal static HashSet<string> DocumentedKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, cells) in Markdown.TableRows(RepositoryFiles.Read(Document)))
        {
            foreach (var code in Markdown.CodeSpans(cells[0]).Where(c => ConfigurationKey().IsMatch(c)))
            {
                keys.Add(WithoutIndexes(code));
            }
        }

        return keys;
    }

    private static List<string> AppSettingsKeys()
    {
        using var json = JsonDocument.Parse(RepositoryFiles.Read("appsettings.json"));
        var keys = new List<string>();
        Flatten(json.RootElement, "", keys);
        return [.. keys.Select(WithoutIndexes).Distinct(StringComparer.Ordinal)];
    }

    private static void Flatten(JsonElement element, string prefix, List<string> keys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", keys);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", keys);
                }

                break;
            default:
                keys.Add(prefix);
                break;
        }
    }

    /// Section:Property of every options class (a type with a string constant named Section): each property the
    /// configuration binder can set, including collections it fills (Encryption:PreviousKeys).
    private static List<string> OptionKeys()
    {
        var keys = new List<string>();
        foreach (var type in Assembly.Load("OrderConfirm").GetTypes())
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var bindable = property.GetIndexParameters().Length == 0
                    && (property.SetMethod is { IsPublic: true }
                        || (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType)));
                if (bindable)
                {
                    keys.Add($"{section}:{property.Name}");
                }
            }
        }

        return keys;
    }

    /// Keys the service reads by name rather than through an options class: configuration["PublicBaseUrl"], a recurring
    /// job's schedule key ("Jobs:PollCallsCron") …
    private static IEnumerable<string> SourceLiterals()
        => RepositoryFiles.TextFiles("src")
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => StringLiteral().Matches(RepositoryFiles.Read(f)).Select(m => m.Groups["value"].Value));

    private static string WithoutIndexes(string key)
        => string.Join(':', key.Split(':').Where(part => part.Length > 0 && !part.All(char.IsAsciiDigit)));

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(:[A-Za-z0-9.]+)*$")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex(@"""(?<value>[A-Z][A-Za-z0-9]*(:[A-Za-z0-9.]+)*)""")]
    private static partial Regex StringLiteral();
}
