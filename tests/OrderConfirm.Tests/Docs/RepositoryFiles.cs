namespace OrderConfirm.Tests.Docs;

/// The repository as a reader of its files sees it: the root (the folder of OrderConfirm.sln, found by walking up from
/// the test binaries), its Markdown documents and its text files, paths relative to the root with '/' separators.
internal static class RepositoryFiles
{
    // Build output and Git's own files are not the repository's content.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj", "TestResults", ".vs", ".idea" };

    public static string Root { get; } = FindRoot();

    public static string FullPath(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public static string Read(string relative) => File.ReadAllText(FullPath(relative));

    /// README.md, CONTRIBUTING.md and every .md under docs/.
    public static IReadOnlyList<string> Documents()
    {
        var documents = new List<string> { "README.md", "CONTRIBUTING.md" };
        var docs = FullPath("docs");
        if (Directory.Exists(docs))
        {
            documents.AddRange(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Select(Relative).Order(StringComparer.Ordinal));
        }

        return documents;
    }

    /// Every file of the repository that holds text (a file with a NUL byte is binary, e.g. a SQLite database).
    public static IEnumerable<string> TextFiles() => TextFilesUnder(Root);

    /// The text files under one folder of the repository, e.g. "src".
    public static IEnumerable<string> TextFiles(string folder) => Directory.Exists(FullPath(folder)) ? TextFilesUnder(FullPath(folder)) : [];

    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static IEnumerable<string> TextFilesUnder(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (IsText(file))
            {
                yield return Relative(file);
            }
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (SkippedFolders.Contains(Path.GetFileName(child)))
            {
                continue;
            }

            foreach (var file in TextFilesUnder(child))
            {
                yield return file;
            }
        }
    }

    private static bool IsText(string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[8192];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) < 0;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OrderConfirm.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No OrderConfirm.sln above {AppContext.BaseDirectory}: the docs tests read the repository's files.");
    }
}
