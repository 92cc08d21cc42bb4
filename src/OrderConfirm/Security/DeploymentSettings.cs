using Microsoft.Extensions.Options;
using Npgsql;

namespace OrderConfirm.Security;

/// The top-level settings a deployment file fills in (PublicBaseUrl, the connection string), gathered so start-up can
/// check them like every options class. Not a configuration section of its own: the keys are read where they live.
public sealed class DeploymentSettings
{
    public string? PublicBaseUrl { get; set; }

    public string? ConnectionString { get; set; }

    internal static void Register(IServiceCollection services)
    {
        services.AddOptions<DeploymentSettings>()
            .Configure<IConfiguration>((settings, configuration) =>
            {
                settings.PublicBaseUrl = configuration["PublicBaseUrl"];
                settings.ConnectionString = configuration.GetConnectionString("OrderConfirm");
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeploymentSettings>, DeploymentSettingsValidator>();
    }
}

/// Outside Development: PublicBaseUrl, when set, must be an absolute http(s) URL on a real host (it goes to shops as
/// their webhook address and into every confirm link), and the database password must not be an example's.
public sealed class DeploymentSettingsValidator(IHostEnvironment environment) : IValidateOptions<DeploymentSettings>
{
    public ValidateOptionsResult Validate(string? name, DeploymentSettings options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.PublicBaseUrl is { Length: > 0 } root)
        {
            if (!Uri.TryCreate(root, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add("PublicBaseUrl must be the service's public root, an absolute https URL such as https://confirm.your-shop.pk.");
            }
            else if (PlaceholderSettings.IsExampleHost(uri.Host))
            {
                failures.Add(PlaceholderSettings.Message("PublicBaseUrl", "is still on an example domain (example.com, .example)"));
            }
        }

        if (PlaceholderSettings.IsPlaceholder(PasswordOf(options.ConnectionString)))
        {
            failures.Add(PlaceholderSettings.Message("ConnectionStrings:OrderConfirm", "still has a placeholder password"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // A connection string that does not parse is left to the database's own start-up error, which names it.
    private static string? PasswordOf(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
