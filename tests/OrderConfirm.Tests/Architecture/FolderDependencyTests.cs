using Xunit.Abstractions;

namespace OrderConfirm.Tests.Architecture;

/// The shape of the web project (docs/architecture.md): Hosting composes and nothing uses it; the toolkit and the
/// plumbing folders use no feature; Stores knows no platform; and the only circle between folders is the one the
/// domain explains (a verification texts the customer, the text carries a confirm link, the link answers the
/// verification).
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    // Shared plumbing: may be used by any feature, uses none.
    private static readonly string[] Plumbing = ["Toolkit", "Storage", "Security", "Telemetry"];

    private static readonly string[] ShopPlatforms = ["Shopify", "WooCommerce"];

    private static readonly HashSet<string> DocumentedCycle = ["Verification", "Sms", "ConfirmLinks"];

    private static readonly Lazy<FolderGraph> Graph = new(FolderGraph.Read);

    [Fact]
    public void No_folder_uses_Hosting()
    {
        output.WriteLine(Graph.Value.ToString());
        var users = Graph.Value.Edges.Where(e => e.Value.Contains("Hosting")).Select(e => $"{e.Key} ({string.Join(", ", FolderGraph.TypesUsing(e.Key, "Hosting"))})");

        Assert.Empty(users);
    }

    [Fact]
    public void Plumbing_folders_use_no_feature_folder()
    {
        var features = FolderGraph.Folders.Except(Plumbing).ToHashSet(StringComparer.Ordinal);
        var wrong = Plumbing.Where(Graph.Value.Edges.ContainsKey)
            .SelectMany(p => Graph.Value.Edges[p].Where(features.Contains).Select(f => $"{p} → {f} ({string.Join(", ", FolderGraph.TypesUsing(p, f))})"));

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_toolkit_exists_and_features_use_it()
    {
        Assert.Contains("Toolkit", FolderGraph.Folders);
        Assert.Contains(Graph.Value.Edges, e => e.Value.Contains("Toolkit"));
    }

    [Fact]
    public void Stores_names_no_platform()
    {
        var wrong = ShopPlatforms.Where(p => Graph.Value.Edges["Stores"].Contains(p)).Select(p => $"Stores → {p} ({string.Join(", ", FolderGraph.TypesUsing("Stores", p))})");

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_only_circle_between_folders_is_verification_sms_and_confirm_links()
    {
        var cycles = Graph.Value.Cycles();
        output.WriteLine(string.Join("\n", cycles.Select(c => string.Join(" ⇄ ", c.Order(StringComparer.Ordinal)))));

        var cycle = Assert.Single(cycles);
        Assert.True(cycle.SetEquals(DocumentedCycle), $"Folders in a circle: {string.Join(", ", cycle.Order(StringComparer.Ordinal))}\n{Graph.Value}");
    }
}
