using System.Text.Json;
using WireMock.ResponseBuilders;

namespace OrderConfirm.IntegrationTests.Infrastructure;

public sealed partial class ShopifyAdminStub
{
    private readonly Dictionary<string, List<string>> _tags = new(StringComparer.Ordinal);
    private readonly List<(Func<string, bool> Matches, HeldRequest Hold)> _holds = [];

    /// tagsAdd and tagsRemove (alone, or both in one OutcomeTags document, in that order) change the order's tags in
    /// the order the shop finishes them, as Shopify does; Tags reads
    /// them back.
    public ShopifyAdminStub TrackTags()
    {
        Server.Given(Operation("mutation TagsAdd")).AtPriority(1).RespondWith(Response.Create().WithCallback(request => ChangeTagsAsync(request.Body!, "tagsAdd")));
        Server.Given(Operation("mutation TagsRemove")).AtPriority(1).RespondWith(Response.Create().WithCallback(request => ChangeTagsAsync(request.Body!, "tagsRemove")));
        Server.Given(Operation("mutation OutcomeTags")).AtPriority(1).RespondWith(Response.Create().WithCallback(request => ChangeTagsAsync(request.Body!, "tagsAdd", "tagsRemove")));
        return this;
    }

    /// The order's tags now, in the order they were added.
    public IReadOnlyList<string> Tags(long orderId)
    {
        lock (_tags)
        {
            return _tags.TryGetValue($"gid://shopify/Order/{orderId}", out var tags) ? [.. tags] : [];
        }
    }

    /// The first tracked mutation whose body matches waits before the shop applies it, until the test releases it.
    public HeldRequest HoldNext(Func<string, bool> matches)
    {
        var hold = new HeldRequest();
        lock (_tags)
        {
            _holds.Add((matches, hold));
        }

        return hold;
    }

    private System.Text.Json.Nodes.JsonObject? OrderWithTags(string id)
    {
        if (!_orders.TryGetValue(id, out var order))
        {
            return null;
        }

        var state = JsonSerializer.SerializeToNode(order)!.AsObject();
        lock (_tags)
        {
            state["tags"] = new System.Text.Json.Nodes.JsonArray([.. (_tags.TryGetValue(id, out var tags) ? tags : []).Select(t => (System.Text.Json.Nodes.JsonNode?)t)]);
        }

        return state;
    }

    private async Task<WireMock.IResponseMessage> ChangeTagsAsync(string body, params string[] mutations)
    {
        Task held;
        lock (_tags)
        {
            var index = _holds.FindIndex(h => h.Matches(body));
            held = index < 0 ? Task.CompletedTask : _holds[index].Hold.HoldAsync();
            if (index >= 0)
            {
                _holds.RemoveAt(index);
            }
        }

        await held;
        var variables = JsonDocument.Parse(body).RootElement.GetProperty("variables");
        var id = variables.GetProperty("id").GetString()!;
        var data = new Dictionary<string, object>();
        foreach (var mutation in mutations)
        {
            var argument = mutations.Length == 1 ? "tags" : mutation == "tagsAdd" ? "add" : "remove";
            var changed = variables.GetProperty(argument).EnumerateArray().Select(t => t.GetString()!).ToList();
            lock (_tags)
            {
                var tags = _tags.TryGetValue(id, out var known) ? known : _tags[id] = [];
                if (mutation == "tagsAdd")
                {
                    tags.AddRange(changed.Where(t => !tags.Contains(t)));
                }
                else
                {
                    tags.RemoveAll(changed.Contains);
                }
            }

            // The write-back's tagsRemove asks for the order's state: the registered order with the tags as they are now.
            data[mutation] = mutations.Length == 2 && mutation == "tagsRemove" ? new { node = (object?)OrderWithTags(id), userErrors = Array.Empty<object>() } : new { node = (object?)new { id }, userErrors = Array.Empty<object>() };
        }

        return WireMockResponses.Json(200, JsonSerializer.Serialize(new Dictionary<string, object> { ["data"] = data, ["extensions"] = new { cost = Cost } }));
    }
}
