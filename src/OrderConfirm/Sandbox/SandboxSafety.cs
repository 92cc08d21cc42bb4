using Microsoft.Extensions.Options;

namespace OrderConfirm.Sandbox;

/// Where the sandbox refuses to start: in Production without Sandbox:AllowInProduction (a copied setting must never turn
/// a live service into one that calls nobody), and on a PostgreSQL database (the sandbox keeps to its own embedded one,
/// so its demo stores and pending calls are never picked up by a real run that would dial them for real).
public sealed class SandboxSafety(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (environment.IsProduction() && !options.AllowInProduction)
        {
            problems.Add(
                "Sandbox:Enabled is on in Production. The sandbox answers for Robo Call and the SMS gateways itself: no customer "
                + "would be called and no SMS sent. Turn it off, or, for a demo deployment, set Sandbox:AllowInProduction=true as well.");
        }

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("OrderConfirm")))
        {
            problems.Add(
                "Sandbox:Enabled is on with ConnectionStrings:OrderConfirm set. The sandbox keeps its stores and demo orders in its own "
                + "embedded database (Storage:SqlitePath, data/sandbox.db by default), so that a real run never dials them; clear the "
                + "connection string for a sandbox run.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
