using System.Reflection;
using System.Text.RegularExpressions;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// docs/verification-states.md is the state machine the code's comments cite; these keep it from drifting away from the
/// code: every state and step has its row, every public method of VerificationRepository is placed in a phase, and the
/// document names no method that does not exist (a rename fails here rather than leaving the document stale).
public sealed partial class VerificationStatesDocumentTests
{
    private static readonly Lazy<string> Document = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "verification-states.md")));

    public static TheoryData<string> Statuses => new(Constants(typeof(VerificationStatus)));

    public static TheoryData<string> Steps => new(Constants(typeof(VerificationStep)));

    public static TheoryData<string> RepositoryMethods => new(typeof(VerificationRepository)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        .Select(m => m.Name)
        .Distinct()
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Every_status_has_its_row(string status)
        => Assert.Contains($"| `{status}` |", Document.Value, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_has_its_row(string step)
        => Assert.Contains($"| `{step}` |", Document.Value, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(RepositoryMethods))]
    public void Every_public_method_of_the_repository_is_named(string method)
        => Assert.Contains($"`{method}`", Document.Value, StringComparison.Ordinal);

    [Fact]
    public void Every_method_the_document_names_exists()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var methods = typeof(VerificationRepository).Assembly.GetTypes().SelectMany(t => t.GetMethods(all)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        var named = MethodName().Matches(Document.Value).Select(m => m.Groups[1].Value).Distinct();
        var unknown = named.Where(name => !methods.Contains(name)).ToList();

        Assert.Empty(unknown);
    }

    // Comments in the engine cite the document by its path; a cited file that is moved or renamed fails here.
    [Fact]
    public void Every_document_the_engine_cites_is_in_the_repository()
    {
        var root = RepositoryRoot();
        var cited = Directory.EnumerateFiles(Path.Combine(root, "src", "OrderConfirm", "Verification"), "*.cs")
            .SelectMany(file => DocsPath().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Cited: m.Value)))
            .ToList();

        var missing = cited.Where(c => !File.Exists(Path.Combine(root, c.Cited))).ToList();

        Assert.NotEmpty(cited);
        Assert.Empty(missing);
    }

    private static IEnumerable<string> Constants(Type type)
        => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderConfirm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrderConfirm.sln above {AppContext.BaseDirectory}");
    }

    // `VerificationRepository.StopAsync` or `StopAsync`: the method's name.
    [GeneratedRegex(@"`(?:\w+\.)?(\w+Async)`")]
    private static partial Regex MethodName();

    [GeneratedRegex(@"docs/[\w./-]+\.md")]
    private static partial Regex DocsPath();
}
