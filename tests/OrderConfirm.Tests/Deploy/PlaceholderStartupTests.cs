using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrderConfirm.Hosting;
using OrderConfirm.Security;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// deploy/.env.example copied unedited must not run: its values, put into the environment as docker-compose.yml maps
/// them, go through the service's own start-up check (the one Program.cs runs), in Production. Every placeholder is
/// named with the variable to set, and no value is echoed.
public sealed class PlaceholderStartupTests
{
    [Fact]
    public void The_env_example_as_compose_maps_it_stops_the_start_naming_every_placeholder_and_what_to_set()
    {
        var example = ComposeEnvironment.EnvExample();
        var environment = ComposeEnvironment.Of("app", example);

        var error = StartupError(environment);

        foreach (var (key, variable) in PlaceholderSettings.ComposeVariableOf.Where(k => k.Key != "Admin:MetricsKey"))
        {
            Assert.Contains($"  - {key} ", error, StringComparison.Ordinal);
            Assert.Contains($"({variable} in deploy/.env", error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("change-me", error, StringComparison.Ordinal);
        Assert.DoesNotContain("confirm.example.com", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_secret_example_unedited_stops_the_start_naming_every_placeholder()
    {
        var secret = DeployFiles.KubernetesObjects().Single(o => DeployFiles.Kind(o.Document) == "Secret").Document;
        var environment = secret["stringData"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!);

        var error = StartupError(environment);

        foreach (var key in new[] { "Admin:ApiKey", "Admin:MetricsKey", "Dashboard:Username", "Dashboard:Password", "Encryption:Key", "ConnectionStrings:OrderConfirm" })
        {
            Assert.Contains($"  - {key} ", error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("change-me", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_values_in_the_env_file_start()
    {
        var values = new Dictionary<string, string>(ComposeEnvironment.EnvExample())
        {
            ["DOMAIN"] = "confirm.lahore-lawn.pk",
            ["POSTGRES_PASSWORD"] = "pg-7f3a9c1e5b2d",
            ["ADMIN_API_KEY"] = "k8Jq2mW9xR4tY7vB1nC5",
            ["DASHBOARD_USERNAME"] = "ops",
            ["DASHBOARD_PASSWORD"] = "p4ss-Wq8z-Lm3v",
            ["ENCRYPTION_KEY"] = "rIQpJWEjOuB9BvKjWfjS4KiSMne5OcZ/5hKWfbrl8iI=",
            ["METRICS_KEY"] = "m3tr1cs-9fJk2LqP0z",
        };

        Assert.Null(StartupErrorOrNull(ComposeEnvironment.Of("app", values)));
    }

    [Fact]
    public void A_required_variable_left_out_of_the_env_file_stops_compose_itself()
    {
        var values = new Dictionary<string, string>(ComposeEnvironment.EnvExample());
        values.Remove("ENCRYPTION_KEY");

        var refused = Assert.Throws<InvalidOperationException>(() => ComposeEnvironment.Of("app", values));

        Assert.Contains("ENCRYPTION_KEY", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_keys_the_messages_name_are_filled_from_those_variables_by_the_compose_file()
    {
        var variables = ComposeEnvironment.VariablesOf("app");

        foreach (var (key, variable) in PlaceholderSettings.ComposeVariableOf)
        {
            Assert.Contains(variable, variables[key.Replace(":", "__", StringComparison.Ordinal)]);
        }
    }

    private static string StartupError(IReadOnlyDictionary<string, string> environment)
        => StartupErrorOrNull(environment) ?? throw new InvalidOperationException("The service would have started.");

    private static string? StartupErrorOrNull(IReadOnlyDictionary<string, string> environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = RepositoryFiles.Root });
        // The environment variable provider turns A__B into A:B; so does this.
        builder.Configuration.AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)));
        builder.AddSecurity();
        builder.AddTrustedProxies();
        using var app = builder.Build();
        try
        {
            app.CheckSettingsTogether();
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }
}
