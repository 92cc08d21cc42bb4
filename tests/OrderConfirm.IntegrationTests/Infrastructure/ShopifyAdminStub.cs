using System.Text.Json;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A shop's Admin GraphQL endpoint in WireMock, answering with the documented shapes. Operations are told apart by
/// their operation name in the query (OrderState, TagsAdd, TagsRemove, CancelOrder).
public sealed class ShopifyAdminStub : IDisposable
{
    public const string Path = "/admin/api/2026-01/graphql.json";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Url!;

    public ShopifyAdminStub OrderIs(string? cancelledAt = null, bool closed = false, string fulfillment = "UNFULFILLED")
        => Answer("OrderState", new { data = new { order = new { id = "gid://shopify/Order/1", cancelledAt, closed, displayFulfillmentStatus = fulfillment, tags = new[] { "cod-pending" } } } });

    public ShopifyAdminStub MutationsSucceed()
    {
        Answer("TagsAdd", new { data = new { tagsAdd = new { node = new { id = "gid://shopify/Order/1" }, userErrors = Array.Empty<object>() } } });
        Answer("TagsRemove", new { data = new { tagsRemove = new { node = new { id = "gid://shopify/Order/1" }, userErrors = Array.Empty<object>() } } });
        Answer("CancelOrder", new { data = new { orderCancel = new { job = new { id = "gid://shopify/Job/1", done = false }, orderCancelUserErrors = Array.Empty<object>(), userErrors = Array.Empty<object>() } } });
        return this;
    }

    public ShopifyAdminStub Answer(string operation, object body, int status = 200, int priority = 10)
    {
        Server.Given(Request.Create().WithPath(Path).UsingPost().WithBody(new WildcardMatcher($"*{operation}*")))
            .AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body)));
        return this;
    }

    public IReadOnlyList<ILogEntry> Operations(string operation)
        => Server.LogEntries.Where(e => e.RequestMessage?.Path == Path && e.RequestMessage.Body?.Contains(operation, StringComparison.Ordinal) == true).ToList();

    public static JsonElement Variables(ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage!.Body!).RootElement.GetProperty("variables");

    public static string? Token(ILogEntry entry)
        => entry.RequestMessage?.Headers is { } headers && headers.TryGetValue("X-Shopify-Access-Token", out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => Server.Stop();
}
