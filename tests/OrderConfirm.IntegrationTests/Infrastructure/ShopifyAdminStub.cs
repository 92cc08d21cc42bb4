using System.Collections.Concurrent;
using System.Text.Json;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A shop's Admin GraphQL endpoint in WireMock, answering with the documented shapes. Operations are told apart by
/// their operation name in the query (OrderState, TagsAdd at intake, OutcomeTags at the write-back, CancelOrder, RecentOrders). Like Shopify, it
/// only knows the orders a test registered: any other id reads as {"data":{"order":null}}.
public sealed partial class ShopifyAdminStub : IDisposable
{
    public const string Path = "/admin/api/2026-01/graphql.json";

    // A large bucket, as a shop answers when we are well inside its budget.
    private static readonly object Cost = new { requestedQueryCost = 1, actualQueryCost = 1, throttleStatus = new { maximumAvailable = 2000.0, currentlyAvailable = 1990.0, restoreRate = 100.0 } };

    private readonly ConcurrentDictionary<string, object> _orders = new(StringComparer.Ordinal);
    private readonly List<ShopifyFakeOrder> _recent = [];
    private bool _honourGateway = true;
    private int _injectedFailures;

    public ShopifyAdminStub()
    {
        Server.Given(Operation("OrderState")).AtPriority(10).RespondWith(Response.Create().WithCallback(request => WireMockResponses.Json(200, OrderState(request.Body!))));
        Server.Given(Operation("mutation OutcomeTags")).AtPriority(10).RespondWith(Response.Create().WithCallback(request => WireMockResponses.Json(200, OutcomeTagsAnswer(request.Body!))));
        Server.Given(Operation("RecentOrders")).AtPriority(10).RespondWith(Response.Create().WithCallback(request => WireMockResponses.Json(200, RecentOrdersAnswer(request.Body!))));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url!;

    /// How many answers FailAtRandom turned into a 500 or 429.
    public int InjectedFailures => Volatile.Read(ref _injectedFailures);

    /// Registers an order the shop knows (open unless told otherwise).
    public ShopifyAdminStub Order(long id, string? cancelledAt = null, bool closed = false, string fulfillment = "UNFULFILLED")
    {
        var gid = $"gid://shopify/Order/{id}";
        _orders[gid] = new { id = gid, cancelledAt, closed, displayFulfillmentStatus = fulfillment, tags = new[] { "cod-pending" } };
        return this;
    }

    /// The order was deleted in the shop.
    public void Forget(long id) => _orders.TryRemove($"gid://shopify/Order/{id}", out _);

    /// The shop's order search: orders created at or after the created_at bound, without the tag_not tags, oldest
    /// first, 50 a page with cursors. With honourGateway false the gateway: terms are ignored, as if the shop's
    /// search did not understand them.
    public ShopifyAdminStub RecentOrders(IEnumerable<ShopifyFakeOrder> orders, bool honourGateway = true)
    {
        var list = orders.ToList();
        lock (_recent)
        {
            _recent.AddRange(list);
            _honourGateway = honourGateway;
        }

        // The orders the search finds exist in the shop.
        foreach (var order in list)
        {
            Order(order.Id);
        }

        return this;
    }

    /// Answers this share of every request with a 500 or a 429 (Retry-After: 1), drawn from a seeded Random; the
    /// rest get the normal answers for registered orders and succeeding mutations.
    public ShopifyAdminStub FailAtRandom(double share, int seed)
    {
        var random = new Random(seed);
        Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(0).RespondWith(Response.Create().WithCallback(request =>
        {
            int roll;
            lock (random)
            {
                roll = random.NextDouble() < share ? random.Next(2) : -1;
            }

            if (roll >= 0)
            {
                Interlocked.Increment(ref _injectedFailures);
                return roll == 0 ? WireMockResponses.Json(500, """{"errors":"Internal Server Error"}""") : WireMockResponses.Json(429, """{"errors":"Throttled"}""", retryAfter: "1");
            }

            return WireMockResponses.Json(200, NormalAnswer(request.Body!));
        }));
        return this;
    }

    /// Answers the operation from a cost bucket of this size, THROTTLED whenever it cannot cover the cost.
    public ShopifyBucketSimulation SimulateBucket(string operation, double capacity, double restoreRate, double cost)
    {
        var bucket = new ShopifyBucketSimulation(capacity, restoreRate, cost);
        Server.Given(Operation(operation)).AtPriority(1).RespondWith(Response.Create().WithCallback(_ => WireMockResponses.Json(200, bucket.Answer())));
        return bucket;
    }

    public IReadOnlyList<ILogEntry> Operations(string operation)
        => Server.LogEntries.Where(e => e.RequestMessage?.Path == Path && e.RequestMessage.Body?.Contains(operation, StringComparison.Ordinal) == true)
            .OrderBy(e => e.RequestMessage!.DateTime).ToList();

    public static JsonElement Variables(ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage!.Body!).RootElement.GetProperty("variables");

    public static string? Token(ILogEntry entry)
        => entry.RequestMessage?.Headers is { } headers && headers.TryGetValue("X-Shopify-Access-Token", out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => Server.Stop();

    private static IRequestBuilder Operation(string operation)
        => Request.Create().WithPath(Path).UsingPost().WithBody(new WildcardMatcher($"*{operation}*"));

    private string NormalAnswer(string body)
    {
        string Mutation(string name) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["data"] = new Dictionary<string, object> { [name] = new { node = new { id = "gid://shopify/Order/1" }, job = new { id = "gid://shopify/Job/1", done = false }, userErrors = Array.Empty<object>(), orderCancelUserErrors = Array.Empty<object>() } },
            ["extensions"] = new { cost = Cost },
        });

        return body.Contains("OrderState", StringComparison.Ordinal) ? OrderState(body)
            : body.Contains("RecentOrders", StringComparison.Ordinal) ? RecentOrdersAnswer(body)
            : body.Contains("mutation OutcomeTags", StringComparison.Ordinal) ? OutcomeTagsAnswer(body)
            : body.Contains("mutation TagsAdd", StringComparison.Ordinal) ? Mutation("tagsAdd")
            : body.Contains("mutation TagsRemove", StringComparison.Ordinal) ? Mutation("tagsRemove")
            : body.Contains("mutation CancelOrder", StringComparison.Ordinal) ? Mutation("orderCancel")
            : """{"errors":[{"message":"unknown operation"}]}""";
    }

    // The write-back's document: both payloads succeed on an order the shop knows, and tagsRemove's node is that order
    // as registered; an unknown order has no node and a userError, as Shopify answers for an id it does not have.
    private string OutcomeTagsAnswer(string body)
    {
        var id = JsonDocument.Parse(body).RootElement.GetProperty("variables").GetProperty("id").GetString()!;
        if (!_orders.TryGetValue(id, out var order))
        {
            var missing = new { node = (object?)null, userErrors = new[] { new { field = new[] { "id" }, message = "Order does not exist" } } };
            return JsonSerializer.Serialize(new { data = new { tagsAdd = missing, tagsRemove = missing }, extensions = new { cost = Cost } });
        }

        return JsonSerializer.Serialize(new
        {
            data = new { tagsAdd = new { node = new { id }, userErrors = Array.Empty<object>() }, tagsRemove = new { node = order, userErrors = Array.Empty<object>() } },
            extensions = new { cost = Cost },
        });
    }

    private string OrderState(string body)
    {
        var id = JsonDocument.Parse(body).RootElement.GetProperty("variables").GetProperty("id").GetString()!;
        return JsonSerializer.Serialize(new { data = new { order = _orders.TryGetValue(id, out var order) ? order : null }, extensions = new { cost = Cost } });
    }

    private string RecentOrdersAnswer(string body)
    {
        var variables = JsonDocument.Parse(body).RootElement.GetProperty("variables");
        var search = ShopifyOrderSearch.Parse(variables.GetProperty("q").GetString()!);
        var after = variables.TryGetProperty("after", out var cursor) && cursor.ValueKind == JsonValueKind.String ? int.Parse(cursor.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : -1;
        List<ShopifyFakeOrder> matching;
        lock (_recent)
        {
            matching = _recent.Where(o => search.Matches(o, _honourGateway)).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToList();
        }

        var page = matching.Skip(after + 1).Take(50).ToList();
        var last = after + page.Count;
        return JsonSerializer.Serialize(new
        {
            data = new
            {
                orders = new
                {
                    nodes = page.Select(o => o.Node()),
                    pageInfo = new { hasNextPage = last < matching.Count - 1, endCursor = page.Count == 0 ? null : last.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            },
            extensions = new { cost = Cost },
        });
    }
}
