using System.Reflection;
using NetArchTest.Rules;

namespace OrderConfirm.Tests.Architecture;

/// Which feature folder of the web project uses which: a folder is a namespace under OrderConfirm (sub-namespaces
/// included), and A → B when a type of A refers to a type of B in any way (fields, signatures, calls, attributes).
public sealed class FolderGraph
{
    private FolderGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> edges) => Edges = edges;

    public IReadOnlyDictionary<string, IReadOnlySet<string>> Edges { get; }

    public static Assembly Service => typeof(Program).Assembly;

    public static IReadOnlyList<string> Folders { get; } =
        [.. Types.InAssembly(Service).GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith("OrderConfirm.", StringComparison.Ordinal))
            .Select(n => n.Split('.')[1])
            .Distinct()
            .Order(StringComparer.Ordinal)];

    public static FolderGraph Read()
    {
        var edges = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var from in Folders)
        {
            edges[from] = Folders.Where(to => to != from && Uses(from, to)).ToHashSet(StringComparer.Ordinal);
        }

        return new FolderGraph(edges);
    }

    /// The types of a folder that use the other folder (empty when none do).
    public static IReadOnlyList<string> TypesUsing(string from, string to)
        => Types.InAssembly(Service).That().ResideInNamespace($"OrderConfirm.{from}").ShouldNot().HaveDependencyOn($"OrderConfirm.{to}")
            .GetResult().FailingTypeNames ?? [];

    /// Strongly connected groups of more than one folder: the folders that depend on each other in a circle.
    public IReadOnlyList<IReadOnlySet<string>> Cycles()
    {
        var groups = new List<IReadOnlySet<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (seen.Contains(folder))
            {
                continue;
            }

            var reaches = Reachable(folder);
            var group = reaches.Where(other => Reachable(other).Contains(folder)).Append(folder).ToHashSet(StringComparer.Ordinal);
            seen.UnionWith(group);
            if (group.Count > 1)
            {
                groups.Add(group);
            }
        }

        return groups;
    }

    public override string ToString()
        => string.Join("\n", Edges.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} → {string.Join(", ", e.Value.Order(StringComparer.Ordinal))}"));

    private static bool Uses(string from, string to) => TypesUsing(from, to).Count > 0;

    private HashSet<string> Reachable(string start)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var to in Edges[next])
            {
                if (found.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return found;
    }
}
