using System.Text.Json.Nodes;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// The deployment files of deploy/ as the tests read them.
internal static class DeployFiles
{
    public const string Compose = "deploy/docker-compose.yml";
    public const string EnvExample = "deploy/.env.example";
    public const string Kubernetes = "deploy/kubernetes/";
    public const string Kustomization = "deploy/kubernetes/kustomization.yaml";

    /// Every YAML file under deploy/, the monitoring and the Kubernetes files included.
    public static IReadOnlyList<string> Yaml()
        => [.. RepositoryFiles.TextFiles("deploy").Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// Every Kubernetes object under deploy/kubernetes/ (a document with apiVersion and kind), with its file.
    public static IReadOnlyList<(string File, JsonObject Document)> KubernetesObjects()
        => [.. Yaml()
            .Where(f => f.StartsWith(Kubernetes, StringComparison.Ordinal) && f != Kustomization)
            .SelectMany(f => YamlDocuments.Load(RepositoryFiles.Read(f)).OfType<JsonObject>().Select(d => (File: f, Document: d)))
            .Where(o => o.Document["apiVersion"] is not null && o.Document["kind"] is not null)];

    public static IReadOnlyList<(string File, JsonObject Deployment)> Deployments()
        => [.. KubernetesObjects().Where(o => Kind(o.Document) == "Deployment")];

    public static string Kind(JsonObject document) => (string)document["kind"]!;

    public static string Name(JsonObject document) => (string)document["metadata"]!["name"]!;

    public static IEnumerable<JsonObject> Containers(JsonObject deployment)
        => deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().OfType<JsonObject>();

    public static JsonObject ComposeDocument() => (JsonObject)YamlDocuments.Load(RepositoryFiles.Read(Compose)).Single()!;
}
