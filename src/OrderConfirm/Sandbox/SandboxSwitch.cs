namespace OrderConfirm.Sandbox;

/// `--sandbox` on the command line. The configuration's command-line reader takes `--key` to be followed by its value,
/// so `--sandbox --urls …` would read "--urls" as the sandbox's value (and lose --urls): the switch is rewritten to
/// `--Sandbox:Enabled=true` before the host reads the arguments. `--sandbox=false` and `--sandbox false` work too.
public static class SandboxSwitch
{
    public static string[] Expand(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var expanded = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (string.Equals(arg, "--sandbox", StringComparison.OrdinalIgnoreCase))
            {
                var value = i + 1 < args.Length && bool.TryParse(args[i + 1], out var given) ? given : (bool?)null;
                expanded.Add($"--{SandboxOptions.EnabledKey}={(value ?? true).ToString().ToLowerInvariant()}");
                i += value is null ? 0 : 1;
            }
            else if (arg.StartsWith("--sandbox=", StringComparison.OrdinalIgnoreCase))
            {
                expanded.Add($"--{SandboxOptions.EnabledKey}={arg["--sandbox=".Length..]}");
            }
            else
            {
                expanded.Add(arg);
            }
        }

        return [.. expanded];
    }
}
