namespace OrderConfirm.Tests.Docs;

/// The README is the page a newcomer reads first: short enough to read whole, with the two commands CI relies on.
public sealed class ReadmeTests
{
    [Fact]
    public void Readme_is_under_200_lines()
    {
        var lines = File.ReadAllLines(RepositoryFiles.FullPath("README.md")).Length;

        Assert.True(lines < 200, $"README.md has {lines} lines; move the detail into docs/ and link to it.");
    }

    // .ci/run runs the README's test command; if one changes, the other must.
    [Fact]
    public void Readme_gives_the_run_command_and_the_test_command_that_ci_runs()
    {
        var readme = RepositoryFiles.Read("README.md");

        Assert.Contains("dotnet run --project src/OrderConfirm\n", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test OrderConfirm.sln\n", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test OrderConfirm.sln", RepositoryFiles.Read(".ci/run"), StringComparison.Ordinal);
    }
}
