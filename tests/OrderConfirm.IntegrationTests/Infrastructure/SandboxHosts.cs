using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The service in sandbox mode on a real socket (its simulators are called over loopback, like the real providers over
/// the network), on its embedded database, with simulated calls that walk a status every 200 ms.
public static class SandboxHosts
{
    private static int _phones;

    public static OrderConfirmApp Start(RoboCallStub roboCall, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:CallStep"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return OrderConfirmApp.Start(null, roboCall, settings, kestrel: true);
    }

    /// A fresh mobile (92303…, a range of its own) ending in the digit that decides the simulated call, and its local spelling.
    public static (string Normalized, string AsTyped) NewPhone(char lastDigit)
    {
        var n = Interlocked.Increment(ref _phones);
        var subscriber = (120_000 + n).ToString("000000", CultureInfo.InvariantCulture) + lastDigit;
        LeakScan.Phone($"92303{subscriber}");
        return ($"92303{subscriber}", $"0303-{subscriber}");
    }

    /// The texts the simulated gateways took, newest first.
    public static async Task<IReadOnlyList<JsonObject>> TextsAsync(HttpClient client)
        => [.. (await client.GetFromJsonAsync<JsonObject>("/sandbox/sms"))!["items"]!.AsArray().Select(t => t!.AsObject())];
}
