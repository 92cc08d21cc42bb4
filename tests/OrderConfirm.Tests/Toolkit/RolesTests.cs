using Microsoft.Extensions.Configuration;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.Toolkit;

public sealed class RolesTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData("web,worker", true, true)]
    [InlineData(" worker , web ", true, true)]
    public void Both_roles_run_on_any_storage(string? roles, bool web, bool worker)
    {
        Assert.Equal(new Roles(web, worker), Roles.From(Config(roles, postgres: null)));
        Assert.Equal(new Roles(web, worker), Roles.From(Config(roles, postgres: "Host=db")));
    }

    [Theory]
    [InlineData("web", true, false)]
    [InlineData("worker", false, true)]
    public void One_role_alone_runs_on_postgresql(string roles, bool web, bool worker)
        => Assert.Equal(new Roles(web, worker), Roles.From(Config(roles, postgres: "Host=db;Database=oc")));

    // The embedded queue lives in one process's memory: a web-only process would queue calls no worker ever runs.
    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public void One_role_alone_is_refused_on_the_embedded_storage_with_the_keys_to_change(string roles)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Roles.From(Config(roles, postgres: "")));

        Assert.Contains("ConnectionStrings:OrderConfirm", error.Message, StringComparison.Ordinal);
        Assert.Contains("in memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_role_is_refused()
        => Assert.Throws<InvalidOperationException>(() => Roles.From(Config("web,scheduler", postgres: "Host=db")));

    private static IConfiguration Config(string? roles, string? postgres) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Roles"] = roles, ["ConnectionStrings:OrderConfirm"] = postgres })
        .Build();
}
