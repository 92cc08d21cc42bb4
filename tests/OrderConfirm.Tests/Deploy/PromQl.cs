using System.Text.RegularExpressions;

namespace OrderConfirm.Tests.Deploy;

/// The metric names a PromQL expression reads, found the way PromQL itself tells them apart: an identifier that is not
/// a function (followed by "("), not a keyword or operator word, not a label inside {…} matchers or a by/without/on/
/// ignoring/group_* list, and not inside a string, a [range] or a Grafana $variable.
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = GrafanaVariable().Replace(text, " ");
        text = Matchers().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = Grouping().Replace(text, " ");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Token().Matches(text))
        {
            var word = token.Groups["word"];
            if (word.Success && !token.Groups["call"].Success && !Keywords.Contains(word.Value))
            {
                names.Add(word.Value);
            }
        }

        return names;
    }

    /// Grafana's label_values(metric{…}, label) variable query: the metric and the label it lists.
    public static (string Metric, string Label)? LabelValuesQuery(string query)
        => LabelValues().Match(query) is { Success: true } m ? (m.Groups["metric"].Value, m.Groups["label"].Value) : null;

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    // Numbers (1e3, 0.95, 5m after offset) are taken whole so their letters are never read as a name.
    [GeneratedRegex(@"(?<number>\d[\w.]*)|(?<word>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Token();

    [GeneratedRegex(@"^\s*label_values\(\s*(?<metric>[A-Za-z_:][A-Za-z0-9_:]*)\s*(?:\{[^}]*\})?\s*,\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$")]
    private static partial Regex LabelValues();
}
