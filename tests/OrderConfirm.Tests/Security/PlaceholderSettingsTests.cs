using Microsoft.Extensions.Hosting.Internal;
using OrderConfirm.Security;

namespace OrderConfirm.Tests.Security;

/// Outside Development a setting copied from an example stops the start, with the key named and the value not shown;
/// Development keeps its own well-known values.
public sealed class PlaceholderSettingsTests
{
    private const string RealKey = "k8Jq2mW9xR4tY7vB1nC5";
    private const string RealEncryptionKey = "rIQpJWEjOuB9BvKjWfjS4KiSMne5OcZ/5hKWfbrl8iI=";

    [Theory]
    [InlineData("change-me")]
    [InlineData("change-me-to-a-long-random-key")]
    [InlineData("<your admin key>")]
    [InlineData("your-api-key-here")]
    public void A_placeholder_admin_key_is_refused_in_production_with_the_key_and_the_variable_named(string placeholder)
    {
        var result = Validator("Production").Validate(null, new AdminOptions { ApiKey = placeholder });

        Assert.True(result.Failed);
        Assert.Contains("Admin:ApiKey is still a placeholder", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ADMIN_API_KEY in deploy/.env", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(placeholder, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_metrics_key_dashboard_login_and_encryption_key_are_refused()
    {
        var validator = Validator("Production");

        Assert.Contains("Admin:MetricsKey", validator.Validate(null, new AdminOptions { ApiKey = RealKey, MetricsKey = "change-me" }).FailureMessage, StringComparison.Ordinal);
        var dashboard = validator.Validate(null, new DashboardLoginOptions { Username = "change-me", Password = "password" }).FailureMessage;
        Assert.Contains("Dashboard:Username", dashboard, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Password", dashboard, StringComparison.Ordinal);
        Assert.Contains("Encryption:Key is still a placeholder", validator.Validate(null, new EncryptionOptions { Key = "change-me" }).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_values_pass_and_development_keeps_its_own()
    {
        Assert.True(Validator("Production").Validate(null, new AdminOptions { ApiKey = RealKey, MetricsKey = RealKey + "x" }).Succeeded);
        Assert.True(Validator("Production").Validate(null, new DashboardLoginOptions { Username = "ops", Password = "p4ss-Wq8z-Lm3v" }).Succeeded);
        Assert.True(Validator("Production").Validate(null, new EncryptionOptions { Key = RealEncryptionKey }).Succeeded);
        Assert.True(Validator("Development").Validate(null, new AdminOptions { ApiKey = "dev-admin-key-change-me-placeholder" }).Succeeded);
        Assert.True(Validator("Development").Validate(null, new DashboardLoginOptions { Username = "change-me", Password = "change-me" }).Succeeded);
    }

    [Theory]
    [InlineData("https://confirm.example.com")]
    [InlineData("https://example.org/")]
    [InlineData("https://orders.shop.example")]
    [InlineData("https://CONFIRM.EXAMPLE.NET")]
    public void A_public_base_url_on_an_example_domain_is_refused_in_production(string url)
    {
        var result = Deployment("Production").Validate(null, new DeploymentSettings { PublicBaseUrl = url });

        Assert.True(result.Failed);
        Assert.Contains("PublicBaseUrl is still on an example domain", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("DOMAIN in deploy/.env", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("confirm.shop.pk")]
    [InlineData("/relative")]
    [InlineData("ftp://confirm.shop.pk")]
    public void A_public_base_url_that_is_no_absolute_http_address_is_refused(string url)
        => Assert.Contains("PublicBaseUrl must be", Deployment("Production").Validate(null, new DeploymentSettings { PublicBaseUrl = url }).FailureMessage, StringComparison.Ordinal);

    [Theory]
    [InlineData("https://confirm.lahore-lawn.pk")]
    [InlineData("https://myexample.com")]
    [InlineData("https://example.com.pk")]
    [InlineData("")]
    [InlineData(null)]
    public void A_real_or_missing_public_base_url_passes(string? url)
        => Assert.True(Deployment("Production").Validate(null, new DeploymentSettings { PublicBaseUrl = url }).Succeeded);

    [Fact]
    public void A_placeholder_database_password_is_refused_without_showing_the_connection_string()
    {
        var result = Deployment("Production").Validate(null, new DeploymentSettings { ConnectionString = "Host=db;Database=oc;Username=oc;Password=change-me" });

        Assert.Contains("ConnectionStrings:OrderConfirm still has a placeholder password", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("POSTGRES_PASSWORD", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=db", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(Deployment("Production").Validate(null, new DeploymentSettings { ConnectionString = "Host=db;Password=pg-7f3a9c1e5b2d" }).Succeeded);
        Assert.True(Deployment("Production").Validate(null, new DeploymentSettings { ConnectionString = "not a connection string" }).Succeeded);
        Assert.True(Deployment("Development").Validate(null, new DeploymentSettings { ConnectionString = "Host=db;Password=change-me", PublicBaseUrl = "https://example.com" }).Succeeded);
    }

    private static RequiredOutsideDevelopment Validator(string environment) => new(Environment(environment));

    private static DeploymentSettingsValidator Deployment(string environment) => new(Environment(environment));

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };
}
