using System.Globalization;
using System.Text.Json;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Canned answers a test arranges for one operation: success, a fixed answer, a sequence, and the shop's two ways of
/// asking us to slow down (THROTTLED in a 200, and HTTP 429 with Retry-After). An operation is told apart by a
/// fragment of the request body (its name, "mutation OutcomeTags"), and optionally a second fragment after it (a tag in
/// the variables) so only the write-back of one outcome is slowed down.
public sealed partial class ShopifyAdminStub
{
    public ShopifyAdminStub MutationsSucceed()
    {
        Answer("TagsAdd", new { data = new { tagsAdd = new { node = new { id = "gid://shopify/Order/1" }, userErrors = Array.Empty<object>() } }, extensions = new { cost = Cost } });
        Answer("TagsRemove", new { data = new { tagsRemove = new { node = new { id = "gid://shopify/Order/1" }, userErrors = Array.Empty<object>() } }, extensions = new { cost = Cost } });
        // OutcomeTags succeeds from the order book (priority 10): its answer carries the registered order's state.
        Answer("CancelOrder", new { data = new { orderCancel = new { job = new { id = "gid://shopify/Job/1", done = false }, orderCancelUserErrors = Array.Empty<object>(), userErrors = Array.Empty<object>() } }, extensions = new { cost = Cost } });
        return this;
    }

    // Explicit answers (priority 5) win over the built-in order book and search (10). A delay makes the shop slow.
    public ShopifyAdminStub Answer(string operation, object body, int status = 200, int priority = 5, TimeSpan? delay = null)
    {
        var answer = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));
        Server.Given(Operation(operation))
            .AtPriority(priority)
            .RespondWith(delay is { } wait ? answer.WithDelay(wait) : answer);
        return this;
    }

    /// The next requests of the operation (times of them) are answered THROTTLED, as a shop whose cost bucket is empty
    /// does: HTTP 200 with a GraphQL error and the bucket's state (none available, restoreRate a second). Then the
    /// operation gets its other answers again.
    public ShopifyAdminStub Throttle(string operation, string? containing = null, int times = 1, double requestedCost = 50, double restoreRate = 50)
    {
        var body = JsonSerializer.Serialize(new
        {
            errors = new[] { new { message = "Throttled", extensions = new { code = "THROTTLED" } } },
            extensions = new { cost = new { requestedQueryCost = requestedCost, actualQueryCost = (double?)null, throttleStatus = new { maximumAvailable = 1000.0, currentlyAvailable = 0.0, restoreRate } } },
        });
        return Times(Operation(operation, containing), times, () => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    /// The next request of the operation is answered HTTP 429 with Retry-After, as Shopify's REST-style limit does;
    /// then the operation gets its other answers again.
    public ShopifyAdminStub TooManyRequests(string operation, string? containing, int retryAfterSeconds)
        => Times(Operation(operation, containing), 1, () => Response.Create().WithStatusCode(429)
            .WithHeader("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture)).WithBody("Too Many Requests"));

    /// The operation is answered with these bodies in turn, the last one from then on: a shop whose order changes
    /// between two reads (cancelled by staff after the call was placed).
    public ShopifyAdminStub AnswerInTurn(string operation, params object[] bodies)
    {
        var scenario = $"in-turn-{Guid.NewGuid():N}";
        for (var i = 0; i < bodies.Length; i++)
        {
            var mapping = Server.Given(Operation(operation)).AtPriority(1).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs(Turn(i));
            }

            mapping.WillSetStateTo(Turn(Math.Min(i + 1, bodies.Length - 1)))
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(bodies[i])));
        }

        return this;
    }

    private static IRequestBuilder Operation(string operation, string? containing)
        => containing is null ? Operation(operation) : Request.Create().WithPath(Path).UsingPost().WithBody(new WildcardMatcher($"*{operation}*{containing}*"));

    // The first `times` matching requests get the answer; a scenario that moves one state a request, and no mapping for
    // the state after the last, lets later requests fall through to the other answers.
    private ShopifyAdminStub Times(IRequestBuilder request, int times, Func<IResponseBuilder> answer)
    {
        var scenario = $"times-{Guid.NewGuid():N}";
        for (var i = 0; i < times; i++)
        {
            var mapping = Server.Given(request).AtPriority(1).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs(Turn(i));
            }

            mapping.WillSetStateTo(Turn(i + 1)).RespondWith(answer());
        }

        return this;
    }

    private static string Turn(int index) => index.ToString(CultureInfo.InvariantCulture);
}
