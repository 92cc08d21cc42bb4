using System.Text.Json.Nodes;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// deploy/docker-compose.yml as an operator runs it: PostgreSQL with a volume and a health check that the service
/// waits for, only Caddy's 80 and 443 published, one DOMAIN for the certificate and PublicBaseUrl, and the service
/// believing forwarded addresses from the compose network's own subnet.
public sealed class ComposeFileTests
{
    private static readonly JsonObject Services = (JsonObject)DeployFiles.ComposeDocument()["services"]!;

    [Fact]
    public void The_service_waits_for_a_healthy_postgres_that_keeps_its_data_in_a_volume()
    {
        var postgres = Services["postgres"]!;

        Assert.NotNull(postgres["healthcheck"]?["test"]);
        Assert.Contains(postgres["volumes"]!.AsArray(), v => ((string)v!).EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));
        Assert.Equal("service_healthy", (string)Services["app"]!["depends_on"]!["postgres"]!["condition"]!);
    }

    [Fact]
    public void Only_caddy_publishes_ports_and_only_80_and_443()
    {
        var published = Services.Where(s => s.Value!["ports"] is not null).ToList();

        Assert.Equal("caddy", Assert.Single(published).Key);
        Assert.All(published[0].Value!["ports"]!.AsArray(), p => Assert.Matches(@"^(80:80|443:443(/udp)?)$", (string)p!));
        Assert.Null(Services["app"]!["ports"]);
    }

    [Fact]
    public void PublicBaseUrl_and_caddy_take_the_same_one_domain()
    {
        var variables = new Dictionary<string, string>(ComposeEnvironment.EnvExample()) { ["DOMAIN"] = "confirm.shop.pk" };

        Assert.Equal("https://confirm.shop.pk", ComposeEnvironment.Of("app", variables)["PublicBaseUrl"]);
        Assert.Equal("confirm.shop.pk", ComposeEnvironment.Of("caddy", variables)["DOMAIN"]);
        Assert.Contains("{$DOMAIN}", RepositoryFiles.Read("deploy/Caddyfile"), StringComparison.Ordinal);
        Assert.Contains("reverse_proxy app:8080", RepositoryFiles.Read("deploy/Caddyfile"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_believes_forwarded_addresses_from_the_compose_networks_subnet_which_both_services_join()
    {
        var networks = (JsonObject)DeployFiles.ComposeDocument()["networks"]!;
        var (name, network) = Assert.Single(networks);
        var subnet = (string)network!["ipam"]!["config"]![0]!["subnet"]!;

        Assert.Equal(subnet, (string)Services["app"]!["environment"]!["ForwardedHeaders__KnownNetworks__0"]!);
        Assert.All(["app", "caddy", "postgres"], s => Assert.Contains(name, Services[s]!["networks"]!.AsArray().Select(n => (string)n!)));
    }
}
