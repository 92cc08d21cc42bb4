using System.Text.Json.Nodes;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// Every environment variable the deployment files give the service is a configuration key it reads
/// (docs/configuration.md, whose table a test keeps equal to the options classes): "Forwardedheaders__KnownNetworks__0"
/// or a key that was renamed would otherwise be ignored without a word, and the deployment would run on a default.
public sealed class DeployEnvironmentTests
{
    // Read by .NET, ASP.NET Core and OpenTelemetry themselves, not through our configuration.
    private static readonly string[] StandardPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_"];

    // The other containers' own variables: the postgres image's, and the domain the Caddyfile reads.
    private static readonly Dictionary<string, string[]> OtherContainers = new(StringComparer.Ordinal)
    {
        ["postgres"] = ["POSTGRES_"],
        ["caddy"] = ["DOMAIN"],
    };

    [Fact]
    public void Every_variable_the_kubernetes_files_set_is_a_configuration_key()
    {
        var names = ServiceVariables().ToList();

        var unknown = names.Where(n => !IsConfigurationKey(n.Name)).Select(n => $"{n.File}: {n.Name}").ToList();

        Assert.Contains(names, n => n.Name == "ForwardedHeaders__KnownNetworks__0");
        Assert.Contains(names, n => n.Name == "Encryption__Key");
        Assert.True(unknown.Count == 0, "Not a configuration key (docs/configuration.md):\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Every_variable_the_compose_file_sets_is_a_configuration_key_or_its_containers_own()
    {
        var services = (JsonObject)DeployFiles.ComposeDocument()["services"]!;
        var problems = new List<string>();
        foreach (var (service, definition) in services)
        {
            var names = ((JsonObject?)definition!["environment"])?.Select(e => e.Key) ?? [];
            var ok = OtherContainers.TryGetValue(service, out var own)
                ? (Func<string, bool>)(n => own.Any(o => n.StartsWith(o, StringComparison.Ordinal)))
                : IsConfigurationKey;
            problems.AddRange(names.Where(n => !ok(n)).Select(n => $"{service}: {n}"));
        }

        Assert.Contains("app", services.Select(s => s.Key));
        Assert.True(problems.Count == 0, "Not a configuration key (docs/configuration.md) nor the container's own:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_env_example_names_every_variable_the_compose_file_uses_and_no_other()
    {
        var example = ComposeEnvironment.EnvExample().Keys.ToHashSet(StringComparer.Ordinal);
        var used = ComposeEnvironment.AllVariables();

        Assert.Empty(used.Except(example));
        Assert.Empty(example.Except(used));
    }

    [Fact]
    public void A_misspelt_key_is_not_taken_for_a_configuration_key()
    {
        Assert.True(IsConfigurationKey("ForwardedHeaders__KnownNetworks__0"));
        Assert.True(IsConfigurationKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(IsConfigurationKey("ForwardedHeaders__KnownNetwork__0"));
        Assert.False(IsConfigurationKey("Admin__Apikey"));
    }

    /// The service's containers' env names and the keys of the Secret they read (envFrom), from deploy/kubernetes/.
    private static IEnumerable<(string File, string Name)> ServiceVariables()
    {
        foreach (var (file, document) in DeployFiles.KubernetesObjects())
        {
            if (DeployFiles.Kind(document) == "Deployment")
            {
                foreach (var container in DeployFiles.Containers(document))
                {
                    foreach (var env in container["env"]?.AsArray().OfType<JsonObject>() ?? [])
                    {
                        yield return (file, (string)env["name"]!);
                    }
                }
            }
            else if (DeployFiles.Kind(document) == "Secret")
            {
                foreach (var (key, _) in (JsonObject?)document["stringData"] ?? [])
                {
                    yield return (file, key);
                }
            }
        }
    }

    /// "A__B__0" is the key A:B:0; compared without array indexes, as the configuration document lists them.
    private static bool IsConfigurationKey(string variable)
    {
        if (StandardPrefixes.Any(p => variable.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }

        var key = string.Join(':', variable.Split("__").Where(part => !part.All(char.IsAsciiDigit)));
        return ConfigurationDocsTests.DocumentedKeys().Contains(key);
    }
}
