using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// The deployment files against the published schemas of what reads them, vendored in Schemas/ (its README names the
/// sources and versions): no cluster, Docker engine or kubeconform is needed, and nothing is downloaded at test time.
/// A misspelt field ("readinesProbe"), a number where a string belongs or an unknown key fails here, not on apply.
public sealed class DeploySchemaTests
{
    private const string Schemas = "tests/OrderConfirm.Tests/Deploy/Schemas/";

    // apiVersion and kind → the schema of Kubernetes 1.30 (standalone, strict: no property a kind does not have).
    private static readonly Dictionary<(string ApiVersion, string Kind), string> KubernetesSchemas = new()
    {
        [("apps/v1", "Deployment")] = "deployment-apps-v1.json",
        [("v1", "Service")] = "service-v1.json",
        [("v1", "Secret")] = "secret-v1.json",
        [("networking.k8s.io/v1", "Ingress")] = "ingress-networking-v1.json",
        [("policy/v1", "PodDisruptionBudget")] = "poddisruptionbudget-policy-v1.json",
        [("monitoring.coreos.com/v1", "PodMonitor")] = "podmonitor-monitoring-v1.json",
    };

    private static readonly Dictionary<string, JsonSchema> Loaded = [];

    [Fact]
    public void Every_yaml_file_under_deploy_parses()
    {
        var files = DeployFiles.Yaml();

        Assert.Contains(DeployFiles.Compose, files);
        Assert.Contains(DeployFiles.Kustomization, files);
        Assert.All(files, f => Assert.NotEmpty(YamlDocuments.Load(RepositoryFiles.Read(f))));
    }

    [Fact]
    public void Every_kubernetes_object_is_valid_against_the_schema_of_its_kind()
    {
        var objects = DeployFiles.KubernetesObjects();
        var problems = new List<string>();
        foreach (var (file, document) in objects)
        {
            var key = ((string)document["apiVersion"]!, DeployFiles.Kind(document));
            if (!KubernetesSchemas.TryGetValue(key, out var schema))
            {
                problems.Add($"{file}: no schema vendored for {key.Item1} {key.Item2}: add it to {Schemas} (and its README)");
                continue;
            }

            problems.AddRange(Errors(schema, document).Select(e => $"{file} ({key.Item2} {DeployFiles.Name(document)}): {e}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(
            ["Deployment", "Ingress", "PodDisruptionBudget", "PodMonitor", "Secret", "Service"],
            objects.Select(o => DeployFiles.Kind(o.Document)).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_compose_file_is_valid_against_the_compose_specification()
    {
        var errors = Errors("compose-spec.json", DeployFiles.ComposeDocument());

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void The_kustomization_is_valid_against_its_schema()
    {
        var kustomization = YamlDocuments.Load(RepositoryFiles.Read(DeployFiles.Kustomization)).Single()!;

        var errors = Errors("kustomization.json", kustomization);

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void A_misspelt_field_is_refused_by_the_vendored_schemas()
    {
        var deployment = DeployFiles.Deployments()[0].Deployment.DeepClone().AsObject();
        var container = DeployFiles.Containers(deployment).First();
        container["readinesProbe"] = container["readinessProbe"]!.DeepClone();

        Assert.NotEmpty(Errors("deployment-apps-v1.json", deployment));
    }

    private static List<string> Errors(string schemaFile, JsonNode document)
    {
        var schema = Schema(schemaFile);
        using var json = JsonDocument.Parse(document.ToJsonString());
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        // The list also holds the failures of the branches an int-or-string's oneOf did not take; the real error is
        // outside any such branch, so those are shown only when nothing else is.
        var failed = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
        var outsideBranches = failed.Where(d => !d.EvaluationPath.ToString().Contains("/oneOf/", StringComparison.Ordinal)).ToList();
        return [.. (outsideBranches.Count > 0 ? outsideBranches : failed)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty($"{schemaFile}: invalid")];
    }

    // Draft 7 for all of them: the Kubernetes schemas name no dialect and carry OpenAPI's own keywords
    // (x-kubernetes-list-type …, annotations only) or name the "latest draft" (http://json-schema.org/schema#), and the
    // compose schema names draft 7 by its https address.
    private static BuildOptions BuildOptions()
    {
        var draft7 = Dialect.Draft07.With([], allowUnknownKeywords: true);
        var dialects = new DialectRegistry();
        foreach (var id in new[] { "https://json-schema.org/draft-07/schema", "http://json-schema.org/schema#" })
        {
            dialects.Register(Dialect.Draft07.With([], new Uri(id), allowUnknownKeywords: true));
        }

        return new BuildOptions { Dialect = draft7, DialectRegistry = dialects, SchemaRegistry = new SchemaRegistry() };
    }

    private static JsonSchema Schema(string file)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(file, out var schema))
            {
                schema = JsonSchema.FromText(RepositoryFiles.Read(Schemas + file), BuildOptions());
                Loaded[file] = schema;
            }

            return schema;
        }
    }
}
