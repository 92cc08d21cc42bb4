using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrderConfirm.Tests.Docs;

/// The little of Markdown the docs tests need: links, headings as GitHub anchors them, and table rows. Fenced code
/// blocks and inline code are not prose: a "# comment" in a shell sample is no heading, and a path in backticks no link.
internal static partial class Markdown
{
    /// Prose lines with their 1-based numbers: outside fenced code blocks.
    public static IEnumerable<(int Number, string Text)> ProseLines(string markdown)
    {
        var fenced = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
            {
                yield return (i + 1, line);
            }
        }
    }

    /// The target of every inline link, image and link reference definition in the prose.
    public static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        foreach (var (number, text) in ProseLines(markdown))
        {
            var prose = InlineCode().Replace(text, "");
            foreach (Match link in InlineLink().Matches(prose))
            {
                yield return (number, link.Groups["target"].Value);
            }

            if (LinkDefinition().Match(prose) is { Success: true } definition)
            {
                yield return (number, definition.Groups["target"].Value);
            }
        }
    }

    /// The anchors GitHub gives the headings of a document, duplicates numbered (-1, -2 …) as GitHub does.
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, text) in ProseLines(markdown))
        {
            if (Heading().Match(text) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = string.Create(CultureInfo.InvariantCulture, $"{slug}-{n}");
            }
        }

        return anchors;
    }

    /// GitHub's rule: the heading's text (links and code reduced to their text), lower-cased, every character that is
    /// not a letter, mark, digit, '_', '-' or space dropped, and each space made '-'.
    public static string Slug(string heading)
    {
        var text = InlineLinkText().Replace(heading, "${text}").Replace("`", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (c == '-' || IsWordCharacter(c))
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    /// The cells of every table row in the prose (the delimiter row excluded), trimmed.
    public static IEnumerable<(int Line, IReadOnlyList<string> Cells)> TableRows(string markdown)
    {
        foreach (var (number, text) in ProseLines(markdown))
        {
            var row = text.Trim();
            if (!row.StartsWith('|') || DelimiterRow().IsMatch(row))
            {
                continue;
            }

            // A pipe escaped inside a cell (\|) is no cell border.
            var cells = CellBorder().Split(row.Trim('|')).Select(c => c.Trim()).ToList();
            yield return (number, cells);
        }
    }

    /// The text inside each pair of backticks.
    public static IEnumerable<string> CodeSpans(string text) => InlineCodeContent().Matches(text).Select(m => m.Groups["code"].Value);

    private static bool IsWordCharacter(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex InlineCodeContent();

    [GeneratedRegex(@"\[[^\]]*\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLinkText();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)")]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)(?:\s+#+)?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")]
    private static partial Regex DelimiterRow();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBorder();
}
