namespace OrderConfirm.Tests.Docs;

/// The project carries its own design: no file may send a reader to the team's shared folder or to a design brief
/// that a clone does not have. Facts from there live in docs/ and are cited by their file in this repository.
public sealed class NoPointerOutsideTheRepositoryTests
{
    // Spelled in pieces so this file does not find itself.
    private static readonly string[] Forbidden = [".." + "/shared", ".." + "\\shared", "DESIGN" + ".md"];

    [Fact]
    public void No_file_points_to_the_shared_folder_or_to_a_design_brief_outside_the_repository()
    {
        var found = new List<string>();
        foreach (var file in RepositoryFiles.TextFiles())
        {
            var lines = File.ReadAllLines(RepositoryFiles.FullPath(file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (Forbidden.FirstOrDefault(f => lines[i].Contains(f, StringComparison.OrdinalIgnoreCase)) is { } hit)
                {
                    found.Add($"{file}:{i + 1}: {hit}");
                }
            }
        }

        Assert.True(found.Count == 0, "Pointers outside the repository (cite the docs/ file that holds the fact instead):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_search_covers_source_tests_docs_deployment_benchmarks_and_ci()
    {
        var files = RepositoryFiles.TextFiles().ToList();

        foreach (var folder in new[] { "src/", "tests/", "docs/", "deploy/", "bench/", ".ci/" })
        {
            Assert.Contains(files, f => f.StartsWith(folder, StringComparison.Ordinal));
        }

        Assert.Contains("README.md", files);
        Assert.DoesNotContain(files, f => f.Contains("/bin/", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal));
    }
}
