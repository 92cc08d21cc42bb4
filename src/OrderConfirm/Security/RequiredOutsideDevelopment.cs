using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

// Credentials have development defaults in appsettings.Development.json; anywhere else the service refuses to start
// without them, and with a placeholder copied from an example (PlaceholderSettings): a key everyone can read is none.
public sealed class RequiredOutsideDevelopment(IHostEnvironment environment) :
    IValidateOptions<AdminOptions>,
    IValidateOptions<DashboardLoginOptions>,
    IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (Placeholders(("Admin:ApiKey", options.ApiKey), ("Admin:MetricsKey", options.MetricsKey)) is { Count: > 0 } placeholders)
        {
            return ValidateOptionsResult.Fail(placeholders);
        }

        if (options.ApiKey is { Length: > 0 and < 16 })
        {
            return ValidateOptionsResult.Fail("Admin:ApiKey must be at least 16 characters.");
        }

        if (options.MetricsKey is { Length: > 0 and < 16 })
        {
            return ValidateOptionsResult.Fail("Admin:MetricsKey must be at least 16 characters.");
        }

        return Check(("Admin:ApiKey", options.ApiKey));
    }

    public ValidateOptionsResult Validate(string? name, DashboardLoginOptions options)
        => Placeholders(("Dashboard:Username", options.Username), ("Dashboard:Password", options.Password)) is { Count: > 0 } placeholders
            ? ValidateOptionsResult.Fail(placeholders)
            : Check(("Dashboard:Username", options.Username), ("Dashboard:Password", options.Password));

    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        if (Placeholders(("Encryption:Key", options.Key)) is { Count: > 0 } placeholders)
        {
            return ValidateOptionsResult.Fail(placeholders);
        }

        if (!SecretProtector.IsValidKey(options.Key))
        {
            return ValidateOptionsResult.Fail("Encryption:Key must be the base64 encoding of 32 random bytes (e.g. `openssl rand -base64 32`).");
        }

        var bad = options.PreviousKeys.Where(k => !SecretProtector.IsValidKey(k)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Every Encryption:PreviousKeys entry must be the base64 encoding of 32 bytes.");
    }

    // Development keeps its own well-known values (appsettings.Development.json); only other environments refuse them.
    private List<string> Placeholders(params (string Key, string? Value)[] values)
        => environment.IsDevelopment()
            ? []
            : [.. values.Where(v => PlaceholderSettings.IsPlaceholder(v.Value)).Select(v => PlaceholderSettings.Message(v.Key))];

    private ValidateOptionsResult Check(params (string Key, string? Value)[] values)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var missing = values.Where(v => string.IsNullOrWhiteSpace(v.Value)).Select(v => $"{v.Key} is required outside Development.").ToList();
        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }
}
