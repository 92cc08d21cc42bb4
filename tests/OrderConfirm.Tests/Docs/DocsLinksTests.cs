using System.Text.RegularExpressions;

namespace OrderConfirm.Tests.Docs;

/// Every relative link in README.md, CONTRIBUTING.md and docs/ reaches a file of this repository, and every #anchor a
/// heading of that file, so a reader who clones the repository never follows a link into nothing.
public sealed partial class DocsLinksTests
{
    [Fact]
    public void Every_relative_link_resolves_to_a_file_in_the_repository()
    {
        var broken = new List<string>();
        foreach (var (document, line, target) in RelativeLinks())
        {
            var path = PathPart(target);
            if (path.Length == 0)
            {
                continue;
            }

            var resolved = Resolve(document, path);
            if (!resolved.StartsWith(RepositoryFiles.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                broken.Add($"{document}:{line}: {target} leaves the repository");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{document}:{line}: {target} does not exist");
            }
        }

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Every_anchor_names_a_heading_of_the_file_it_points_into()
    {
        var broken = new List<string>();
        foreach (var (document, line, target) in RelativeLinks())
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            if (hash < 0)
            {
                continue;
            }

            var anchor = Uri.UnescapeDataString(target[(hash + 1)..]);
            var path = PathPart(target);
            var file = path.Length == 0 ? RepositoryFiles.FullPath(document) : Resolve(document, path);
            if (!file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(file))
            {
                continue; // a missing file is the other test's finding; anchors into code files are GitHub line marks
            }

            if (!Markdown.Anchors(File.ReadAllText(file)).Contains(anchor))
            {
                broken.Add($"{document}:{line}: {target} names no heading of {RepositoryFiles.Relative(file)}");
            }
        }

        Assert.True(broken.Count == 0, "Broken anchors:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("Where a store's URLs may point", "where-a-stores-urls-may-point")]
    [InlineData("Roles: web and worker", "roles-web-and-worker")]
    [InlineData("What we assumed about the Robo Call API", "what-we-assumed-about-the-robo-call-api")]
    [InlineData("Robo SMS (PK) — `robo-sms-pk-api.txt`", "robo-sms-pk--robo-sms-pk-apitxt")]
    [InlineData("Reconcile (a backfill)", "reconcile-a-backfill")]
    [InlineData("snake_case and [a link](x.md)", "snake_case-and-a-link")]
    public void Headings_are_anchored_by_GitHubs_rules(string heading, string anchor)
        => Assert.Equal(anchor, Markdown.Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor_and_code_blocks_have_no_headings()
    {
        var anchors = Markdown.Anchors("# Setup\n\n```sh\n# not a heading\n```\n\n## Setup\n");

        Assert.Equal(["setup", "setup-1"], anchors.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<(string Document, int Line, string Target)> RelativeLinks()
    {
        foreach (var document in RepositoryFiles.Documents())
        {
            foreach (var (line, target) in Markdown.Links(RepositoryFiles.Read(document)))
            {
                if (!Scheme().IsMatch(target))
                {
                    yield return (document, line, target);
                }
            }
        }
    }

    private static string PathPart(string target)
    {
        var end = target.IndexOfAny(['#', '?']);
        return Uri.UnescapeDataString(end < 0 ? target : target[..end]);
    }

    private static string Resolve(string document, string path)
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(RepositoryFiles.FullPath(document))!, path)).TrimEnd(Path.DirectorySeparatorChar);

    // http:, https:, mailto: … are not the repository's to check.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
