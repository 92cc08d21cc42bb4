using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Sandbox;

/// The sandbox: Robo Call, the three SMS gateways and a demo shop simulated by the service itself (docs/sandbox.md).
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public const string EnabledKey = "Sandbox:Enabled";

    // `--sandbox` on the command line sets it (SandboxSwitch).
    public bool Enabled { get; set; }

    // The second, explicit switch a Production start needs: without it the sandbox refuses to start there, so a copied
    // setting never turns a live service into one that calls nobody.
    public bool AllowInProduction { get; set; }

    // How long each status of a simulated call lasts before get_call shows the next (pushed to SIP, initiated, …).
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CallStep { get; set; } = TimeSpan.FromSeconds(2);
}
