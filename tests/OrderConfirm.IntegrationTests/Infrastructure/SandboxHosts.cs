using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The service in sandbox mode on a real socket (its simulators are called over loopback, like the real providers over
/// the network), on its embedded database, with simulated calls that walk a status every 200 ms.
public static class SandboxHosts
{
    private static int _phones;

    static SandboxHosts()
    {
        // The sandbox store's own keys (SandboxStore): fake, but a log must not hold them any more than a real one.
        foreach (var key in new[] { "sandbox-robocall-key", "sandbox-robosms-pk-key", "rb_test_sandbox_demo_shop" })
        {
            LeakScan.Secret(key);
        }
    }

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

    /// Places a demo order (POST /sandbox/orders) and returns the answer.
    public static async Task<JsonObject> PlaceOrderAsync(HttpClient client, string phone)
    {
        var response = await client.PostAsync("/sandbox/orders", new StringContent($$"""{ "phone": "{{phone}}" }"""));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// The demo shop's order once it satisfies the condition.
    public static Task<JsonObject> WaitForShopOrderAsync(HttpClient client, long orderId, Func<JsonObject, bool> condition, TimeSpan? limit = null)
        => Eventually.ValueAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>("/sandbox/shop/orders"))!["items"]!.AsArray()
                .Select(o => o!.AsObject())
                .FirstOrDefault(o => o["id"]!.GetValue<long>() == orderId && condition(o)),
            limit);

    /// The texts the simulated gateways took, newest first.
    public static async Task<IReadOnlyList<JsonObject>> TextsAsync(HttpClient client)
        => [.. (await client.GetFromJsonAsync<JsonObject>("/sandbox/sms"))!["items"]!.AsArray().Select(t => t!.AsObject())];
}
