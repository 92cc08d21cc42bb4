namespace OrderConfirm.Tests.Docs;

/// CONTRIBUTING.md says files stay under 300 lines: a C# file that grows past it is split by responsibility before it
/// lands. Generated code (migrations' snapshots, source generators' output) lives in obj/ and is not read.
public sealed class FileSizeTests
{
    private const int MaxLines = 300;

    [Fact]
    public void No_csharp_file_is_longer_than_300_lines()
    {
        var files = new[] { "src", "tests", "bench" }
            .SelectMany(RepositoryFiles.TextFiles)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .ToList();

        var tooLong = files
            .Select(f => (File: f, Lines: File.ReadAllLines(RepositoryFiles.FullPath(f)).Length))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();

        Assert.NotEmpty(files);
        Assert.True(tooLong.Count == 0, $"Files over {MaxLines} lines (split them by what they hold):\n" + string.Join('\n', tooLong));
    }

    [Fact]
    public void The_rule_is_the_one_contributing_states()
    {
        Assert.Contains($"Files stay under {MaxLines} lines", RepositoryFiles.Read("CONTRIBUTING.md"), StringComparison.Ordinal);
    }
}
