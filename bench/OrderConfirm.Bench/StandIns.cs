using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OrderConfirm.Bench;

/// The outside world of a burst, on one loopback Kestrel: Robo Call Pakistan under /robocall/api/, Robase under
/// /robase/v1/, and each store's shop under /{shop}/ (Shopify Admin GraphQL or the WooCommerce REST API, see
/// StandInShops). Every request waits its latency (the shop's own, or the default) before it is answered, and is
/// counted by kind. The answers copy the shapes of the WireMock stubs in tests/OrderConfirm.IntegrationTests.
public sealed partial class StandIns(BurstProgress progress, TimeSpan latency, IReadOnlyDictionary<string, TimeSpan> shopLatency) : IAsyncDisposable
{
    public const string RoboCallKey = "rc-bench-key-7f3a9c";
    public const string RobaseKey = "rb_live_bench5c1f9e27a4d8";

    private readonly ConcurrentDictionary<string, int> _statusReads = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _calls;
    private int _messages;

    public Uri Address { get; private set; } = null!;

    public string RoboCallBaseUrl => new Uri(Address, "/robocall/api/").ToString();

    public string RobaseBaseUrl => new Uri(Address, "/robase/v1").ToString();

    public string ShopBaseUrl(string shop) => new Uri(Address, $"/{shop}").ToString();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        _app = builder.Build();
        _app.MapGet("/robocall/api/{endpoint}", RoboCallAsync);
        _app.MapPost("/robase/v1/sms", RobaseSendAsync);
        _app.MapPost("/robase/v1/sms/batch", RobaseBatchAsync);
        _app.MapMethods("/robase/v1/sms/{id}/{action?}", ["GET", "POST"], RobaseMessageAsync);
        _app.MapPost("/{shop}/admin/api/{version}/graphql.json", ShopifyAsync);
        _app.Map("/{shop}/wp-json/wc/v3/{**path}", WooCommerceAsync);
        _app.MapFallback(async (HttpContext context) =>
        {
            await WaitAsync(null, $"unknown {context.Request.Method} {context.Request.Path}");
            return Results.NotFound();
        });
        await _app.StartAsync();
        Address = new Uri(_app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private Task WaitAsync(string? shop, string kind)
    {
        progress.Count(kind);
        var wait = shop is not null && shopLatency.TryGetValue(shop, out var own) ? own : latency;
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }

    // Dial: a call id of our own (never the phone, which the service would log). get_call: every call is initiated on
    // its first two reads and answered with key 1 on the third.
    private async Task<IResult> RoboCallAsync(string endpoint, HttpRequest request)
    {
        await WaitAsync(null, $"robocall {endpoint}");
        switch (endpoint)
        {
            case "calls":
                progress.DialledPhone(request.Query["caller_id"].ToString());
                var callId = $"bench-{Interlocked.Increment(ref _calls)}";
                return Results.Json(new
                {
                    status = "200",
                    message = "Call Data inserted successfully",
                    data = new { call_id = callId, call_to = "923000000000", amount = "1500", voice_id = "102" },
                    api_response = "Ok 200",
                });
            case "get_call":
                var id = request.Query["call_id"].ToString();
                var reads = _statusReads.AddOrUpdate(id, 1, (_, n) => n + 1);
                var answered = reads >= 3;
                return Results.Json(new
                {
                    data = new { call_id = id, call_to = "923000000000", call_status = answered ? 2 : 1, dtmf = answered ? (int?)1 : null, retry = 0, amount = "1500", voice_id = "102" },
                    code = "200",
                    response = "Code Executed Successfully",
                });
            case "user_verify":
                return Results.Json(new { status = 200, response = "API matched" });
            case "check_balance":
                return Results.Json(new { status = 200, data = new { balance = "99999.00", username = "bench", call_rate = "5.50" } });
            default:
                return Results.NotFound();
        }
    }

    private async Task<IResult> RobaseSendAsync(HttpRequest request)
    {
        await WaitAsync(null, "robase POST sms");
        progress.Count("sms texted via robase");
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        return Results.Json(RobaseMessage(body?["body"]?.GetValue<string>() ?? "", body?["send_at"] is not null), statusCode: 201);
    }

    private async Task<IResult> RobaseBatchAsync(HttpRequest request)
    {
        await WaitAsync(null, "robase POST sms/batch");
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        // Counted apart from the requests ("robase …"): the report's SMS requests per order stays a request count.
        foreach (var _ in body?["messages"] as JsonArray ?? [])
        {
            progress.Count("sms texted via robase");
        }

        var rows = (body?["messages"] as JsonArray ?? []).Select((row, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["replayed"] = false,
            ["sms"] = RobaseMessage(row?["body"]?.GetValue<string>() ?? "", scheduled: false),
        }).ToArray();
        return Results.Json(new JsonObject { ["accepted"] = rows.Length, ["failed"] = 0, ["success"] = true, ["data"] = new JsonArray(rows) });
    }

    private async Task<IResult> RobaseMessageAsync(string id, string? action, HttpRequest request)
    {
        await WaitAsync(null, $"robase {request.Method} sms/{{id}}{(action is null ? "" : "/" + action)}");
        var message = RobaseMessage("", scheduled: false);
        message["id"] = id;
        message["status"] = action == "cancel" ? "cancelled" : "delivered";
        return Results.Json(message);
    }

    private JsonObject RobaseMessage(string text, bool scheduled)
    {
        var segments = text.Length <= 160 ? 1 : (int)Math.Ceiling(text.Length / 153.0);
        return new JsonObject
        {
            ["id"] = $"01H8XKQJ3Z9S7K1X2Y3Z{Interlocked.Increment(ref _messages):D6}",
            ["status"] = scheduled ? "scheduled" : "queued",
            ["segments"] = segments,
            ["encoding"] = "GSM7",
            ["country"] = "PK",
            ["cost"] = new JsonObject { ["amount_kobo"] = 400 * segments, ["currency"] = "NGN" },
            ["provider"] = "beem",
            ["test_mode"] = false,
            ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
    }
}
