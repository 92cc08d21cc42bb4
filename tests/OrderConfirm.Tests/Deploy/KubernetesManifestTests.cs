using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderConfirm.Telemetry;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// What the schemas cannot see in deploy/kubernetes/: each Deployment probes paths the service maps for every role,
/// on the port it listens on, with sized resources and a pinned image; each has a PodDisruptionBudget; the Service and
/// the Ingress reach the web pods; PublicBaseUrl and the TLS entry name the Ingress host.
public sealed partial class KubernetesManifestTests
{
    [Fact]
    public void Every_deployment_probes_paths_the_service_maps_for_every_role_on_the_port_it_listens_on()
    {
        var mapped = RoleIndependentHealthPaths();
        var port = ListeningPort();

        Assert.Equal(["/health/live", "/health/ready"], mapped.Order(StringComparer.Ordinal));
        foreach (var (file, deployment) in DeployFiles.Deployments())
        {
            foreach (var container in DeployFiles.Containers(deployment))
            {
                foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
                {
                    var get = container[probe]?["httpGet"];
                    Assert.True(get is not null, $"{file}: {container["name"]} has no {probe} with httpGet");
                    Assert.Contains((string)get!["path"]!, mapped);
                    Assert.Equal(port, ContainerPort(container, get["port"]!));
                }

                Assert.Equal("/health/live", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
                Assert.Equal("/health/ready", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
            }
        }
    }

    [Fact]
    public void There_is_a_web_and_a_worker_deployment_each_with_its_role()
    {
        var roles = DeployFiles.Deployments().ToDictionary(d => DeployFiles.Name(d.Deployment), d => Env(d.Deployment, "Roles"));

        Assert.Equal("web", roles["orderconfirm-web"]);
        Assert.Equal("worker", roles["orderconfirm-worker"]);
        var worker = DeployFiles.Deployments().Single(d => DeployFiles.Name(d.Deployment) == "orderconfirm-worker").Deployment;
        Assert.True((long)worker["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]! >= 60);
    }

    [Fact]
    public void Every_container_has_cpu_and_memory_requests_and_a_memory_limit()
    {
        foreach (var (file, deployment) in DeployFiles.Deployments())
        {
            foreach (var container in DeployFiles.Containers(deployment))
            {
                var resources = container["resources"];
                Assert.True(resources?["requests"]?["cpu"] is not null && resources["requests"]!["memory"] is not null, $"{file}: requests");
                Assert.True(resources?["limits"]?["memory"] is not null, $"{file}: memory limit");
            }
        }
    }

    [Fact]
    public void No_image_is_latest_or_untagged_once_kustomize_sets_it()
    {
        var kustomization = YamlDocuments.Load(RepositoryFiles.Read(DeployFiles.Kustomization)).Single()!;
        var images = kustomization["images"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => (string)i!["newTag"]!);
        var composeImages = ((JsonObject)DeployFiles.ComposeDocument()["services"]!).Select(s => (string?)s.Value!["image"]).OfType<string>()
            .Select(i => ComposeEnvironment.Interpolate(i, ComposeEnvironment.EnvExample()));

        foreach (var (file, deployment) in DeployFiles.Deployments())
        {
            foreach (var container in DeployFiles.Containers(deployment))
            {
                var image = (string)container["image"]!;
                Assert.True(images.ContainsKey(image), $"{file}: {image} is not set by kustomization.yaml's images:");
            }
        }

        Assert.All(images.Values, tag => Assert.True(tag.Length > 0 && tag != "latest", $"tag '{tag}'"));
        Assert.All(composeImages, image => Assert.Matches(@"^[^:]+:(?!latest$)[^:]+$", image));
        Assert.DoesNotContain(DeployFiles.Yaml(), f => LatestTag().IsMatch(RepositoryFiles.Read(f)));
    }

    [Fact]
    public void Every_deployment_has_a_disruption_budget_and_only_web_has_the_service_and_the_ingress()
    {
        var objects = DeployFiles.KubernetesObjects();
        var budgets = objects.Where(o => DeployFiles.Kind(o.Document) == "PodDisruptionBudget").Select(o => Labels(o.Document["spec"]!["selector"]!["matchLabels"]!)).ToList();
        var service = objects.Single(o => DeployFiles.Kind(o.Document) == "Service").Document;
        var ingress = objects.Single(o => DeployFiles.Kind(o.Document) == "Ingress").Document;

        foreach (var (_, deployment) in DeployFiles.Deployments())
        {
            var labels = Labels(deployment["spec"]!["template"]!["metadata"]!["labels"]!);
            Assert.Single(budgets, b => b.All(labels.Contains));
        }

        Assert.Equal("web", (string)service["spec"]!["selector"]!["role"]!);
        var backend = ingress["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal(DeployFiles.Name(service), (string)backend["name"]!);
    }

    [Fact]
    public void PublicBaseUrl_and_the_certificate_name_the_ingress_host_and_kustomize_keeps_them_so()
    {
        var ingress = DeployFiles.KubernetesObjects().Single(o => DeployFiles.Kind(o.Document) == "Ingress").Document;
        var host = (string)ingress["spec"]!["rules"]![0]!["host"]!;
        var web = DeployFiles.Deployments().Single(d => Env(d.Deployment, "Roles") == "web").Deployment;
        var replacement = YamlDocuments.Load(RepositoryFiles.Read(DeployFiles.Kustomization)).Single()!["replacements"]![0]!;

        Assert.Equal($"https://{host}", Env(web, "PublicBaseUrl"));
        Assert.Equal(host, (string)ingress["spec"]!["tls"]![0]!["hosts"]![0]!);
        Assert.NotNull(ingress["metadata"]!["annotations"]!["cert-manager.io/cluster-issuer"]);
        Assert.Equal("spec.rules.0.host", (string)replacement["source"]!["fieldPath"]!);
        var targets = replacement["targets"]!.AsArray().SelectMany(t => t!["fieldPaths"]!.AsArray().Select(p => (string)p!)).ToList();
        Assert.Contains("spec.tls.0.hosts.0", targets);
        Assert.Contains("spec.template.spec.containers.[name=orderconfirm].env.[name=PublicBaseUrl].value", targets);
    }

    [Fact]
    public void The_kustomization_lists_files_that_exist_and_leaves_out_the_secret_example()
    {
        var resources = YamlDocuments.Load(RepositoryFiles.Read(DeployFiles.Kustomization)).Single()!["resources"]!.AsArray().Select(r => (string)r!).ToList();

        Assert.All(resources, r => Assert.True(File.Exists(RepositoryFiles.FullPath(DeployFiles.Kubernetes + r)), r));
        Assert.DoesNotContain("secret.example.yaml", resources);
    }

    [Fact]
    public void The_pod_monitor_scrapes_the_metrics_path_with_the_metrics_key()
    {
        var monitor = DeployFiles.KubernetesObjects().Single(o => DeployFiles.Kind(o.Document) == "PodMonitor").Document;
        var endpoint = monitor["spec"]!["podMetricsEndpoints"]![0]!;

        Assert.Equal(TelemetrySetup.MetricsPath, (string)endpoint["path"]!);
        Assert.Equal("Admin__MetricsKey", (string)endpoint["authorization"]!["credentials"]!["key"]!);
    }

    /// The health checks mapped before the role-specific endpoints in Hosting/ApiSetup.cs: every role answers them.
    private static HashSet<string> RoleIndependentHealthPaths()
    {
        var source = RepositoryFiles.Read("src/OrderConfirm/Hosting/ApiSetup.cs");
        var beforeRoles = source[..source.IndexOf("if (roles.Web)", StringComparison.Ordinal)];
        return [.. HealthMapping().Matches(beforeRoles).Select(m => m.Groups["path"].Value)];
    }

    // The image listens where the Dockerfile says (ASPNETCORE_HTTP_PORTS).
    private static long ListeningPort()
        => long.Parse(HttpPorts().Match(RepositoryFiles.Read("Dockerfile")).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static long ContainerPort(JsonNode container, JsonNode port)
        => port.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? (long)port
            : (long)container["ports"]!.AsArray().Single(p => (string?)p!["name"] == (string)port!)!["containerPort"]!;

    private static string? Env(JsonObject deployment, string name)
        => DeployFiles.Containers(deployment).SelectMany(c => c["env"]?.AsArray() ?? []).FirstOrDefault(e => (string)e!["name"]! == name)?["value"]?.ToString();

    private static HashSet<string> Labels(JsonNode labels) => [.. labels.AsObject().Select(l => $"{l.Key}={l.Value}")];

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>[^""]+)""")]
    private static partial Regex HealthMapping();

    [GeneratedRegex(@"ASPNETCORE_HTTP_PORTS=(?<port>\d+)")]
    private static partial Regex HttpPorts();

    [GeneratedRegex(@"image:\s*\S+:latest\b|newTag:\s*""?latest")]
    private static partial Regex LatestTag();
}
