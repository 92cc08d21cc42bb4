using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.DemoShop;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Sandbox;

/// The sandbox's own endpoints, public like the demo they serve (they exist only while the sandbox is on):
/// GET /sandbox (what is here), POST /sandbox/orders (a demo order), GET /sandbox/sms (the texts the simulated
/// gateways took); and the demo shop's (DemoShopApi).
public static class SandboxEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        // Demo orders and texts are small; a body beyond this is a mistake or an abuse of a public endpoint.
        var sandbox = routes.MapGroup("/sandbox").WithTags("Sandbox").WithMetadata(new RequestSizeLimit(64 * 1024));
        sandbox.MapGet("/", async (SandboxStore store, CancellationToken cancellationToken) => TypedResults.Ok(new SandboxOverview(
            "Robo Call, Robo SMS (PK), robo-sms.com and Robase are simulated by this service; nobody is called or texted.",
            (await store.EnsureAsync(cancellationToken)).Id,
            SimulatedCallRule.Text,
            new Dictionary<string, string>
            {
                ["placeOrder"] = "POST /sandbox/orders  (body optional: { \"phone\": \"0300-1234562\", \"amount\": 4999, \"name\": \"Ayesha Khan\" })",
                ["shopOrders"] = $"GET {DemoShopApi.Root}/orders",
                ["cancelOrder"] = $"POST {DemoShopApi.Root}/orders/{{id}}/cancel",
                ["texts"] = "GET /sandbox/sms",
            })));
        SandboxOrdersEndpoint.Map(sandbox);
        sandbox.MapGet("/sms", Texts);
        DemoShopApi.Map(routes);
    }

    // A page like every other list: newest first, nextBefore (null on the last page) asks for the next.
    private static Results<Ok<SimulatedTextPage>, ValidationProblem> Texts(long? before, int? limit, SimulatedTexts texts)
    {
        if (ListPage.LimitProblem(limit) is { } problem)
        {
            return problem;
        }

        var (items, nextBefore) = texts.Page(before, limit ?? 100);
        return TypedResults.Ok(new SimulatedTextPage(items, nextBefore));
    }
}

public sealed record SandboxOverview(string Sandbox, long StoreId, IReadOnlyDictionary<string, string> Rule, IReadOnlyDictionary<string, string> Endpoints);

public sealed record SimulatedTextPage(IReadOnlyList<SimulatedText> Items, long? NextBefore);

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
