namespace OrderConfirm.Sandbox;

/// The sandbox's own endpoints, public like the demo they serve (they exist only while the sandbox is on):
/// GET /sandbox (what is here), GET /sandbox/sms (the texts the simulated gateways took).
public static class SandboxEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var sandbox = routes.MapGroup("/sandbox").WithTags("Sandbox");
        sandbox.MapGet("/", () => TypedResults.Ok(new SandboxOverview(
            "Robo Call, Robo SMS (PK), robo-sms.com and Robase are simulated by this service; nobody is called or texted.",
            SimulatedCallRule.Text,
            new Dictionary<string, string>
            {
                ["texts"] = "GET /sandbox/sms",
            })));
        sandbox.MapGet("/sms", (SimulatedTexts texts) => TypedResults.Ok(new SimulatedTextPage(texts.Newest)));
    }
}

public sealed record SandboxOverview(string Sandbox, IReadOnlyDictionary<string, string> Rule, IReadOnlyDictionary<string, string> Endpoints);

public sealed record SimulatedTextPage(IReadOnlyList<SimulatedText> Items);

/// The rule a simulated call follows, as the API and the docs state it.
public static class SimulatedCallRule
{
    public static readonly IReadOnlyDictionary<string, string> Text = new Dictionary<string, string>
    {
        ["1"] = "confirmed: the customer presses 1",
        ["2"] = "cancelled: the customer presses 2",
        ["3"] = "callback: the customer presses 3",
        ["4"] = "unreachable: nobody picks up, on any of Robo Call's retries",
        ["5"] = "no-input: the customer picks up and presses nothing",
        ["other"] = "confirmed: the customer presses 1",
    };

    /// What the rule says for a phone's last digit.
    public static string For(string phone)
        => phone.Length > 0 && Text.TryGetValue(phone[^1..], out var rule) ? rule : Text["other"];
}
