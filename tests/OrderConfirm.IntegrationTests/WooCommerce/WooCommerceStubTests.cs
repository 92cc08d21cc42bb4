using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// The WooCommerce stand-in, driven with a plain HttpClient (no app, no database): the contract other tests rely on
/// is the one the real store has, so its quirks are pinned here.
public sealed class WooCommerceStubTests : IDisposable
{
    private readonly WooCommerceStoreStub _woo = new();
    private readonly HttpClient _http;

    public WooCommerceStubTests() => _http = new HttpClient { BaseAddress = new Uri(_woo.ApiUrl) };

    [Fact]
    public async Task Basic_and_query_credentials_both_authenticate_and_failures_have_WooCommerce_codes()
    {
        var order = _woo.AddOrder();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"orders/{order.Id}?{Query(_woo.ConsumerSecret)}")).StatusCode);

        await AssertErrorAsync(await _http.GetAsync($"orders/{order.Id}"), 401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        await AssertErrorAsync(await _http.GetAsync($"orders/{order.Id}?{Query("cs_wrong")}"), 401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");

        // The query string is read first: a wrong query secret loses even with a good Basic header.
        await AssertErrorAsync(await SendAsync(HttpMethod.Get, $"orders/{order.Id}?{Query("cs_wrong")}", basic: true), 401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");

        // Anonymous writes and lists are refused by their own endpoint checks, with their own codes.
        await AssertErrorAsync(await _http.PutAsJsonAsync($"orders/{order.Id}", new { status = "cancelled" }), 401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
        await AssertErrorAsync(await _http.GetAsync("orders"), 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        Assert.Equal("processing", _woo.Order(order.Id)!.Status);

        var sent = _woo.Requests("GET", $"/orders/{order.Id}")[0];
        Assert.Equal(_woo.BasicAuthorization, sent.Authorization);
        Assert.Equal(200, sent.Status);
    }

    [Fact]
    public async Task Stripped_header_read_only_and_revoked_keys_fail_the_way_stores_do()
    {
        var order = _woo.AddOrder();

        _woo.StripsAuthorizationHeader = true;
        await AssertErrorAsync(await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true), 401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"orders/{order.Id}?{Query(_woo.ConsumerSecret)}")).StatusCode);
        _woo.StripsAuthorizationHeader = false;

        _woo.KeyPermissions = "read";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true)).StatusCode);
        await AssertErrorAsync(await SendAsync(HttpMethod.Put, $"orders/{order.Id}", basic: true, new { status = "cancelled" }), 401,
            "woocommerce_rest_authentication_error", "The API key provided does not have write permissions.");
        _woo.KeyPermissions = "read_write";

        _woo.RevokeKey();
        await AssertErrorAsync(await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true), 401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        Assert.Equal("processing", _woo.Order(order.Id)!.Status);
    }

    [Fact]
    public async Task Put_applies_the_status_upserts_meta_by_key_and_WooCommerce_notes_the_change()
    {
        var order = _woo.AddOrder(meta: [("orderconfirm_result", "none"), ("_wc_order_attribution_source_type", "typein")]);
        var resultMetaId = order.Meta.Single(m => m.Key == "orderconfirm_result").Id;
        var before = order.DateModifiedGmt;
        await Task.Delay(1100); // timestamps have whole seconds

        var response = await SendAsync(HttpMethod.Put, $"orders/{order.Id}", basic: true, new
        {
            status = "cancelled",
            meta_data = new object[] { new { key = "orderconfirm_result", value = "cancelled_by_customer_ivr" }, new { key = "orderconfirm_call_id", value = 20076 } },
        });

        var body = await JsonAsync(response, 200);
        Assert.Equal("cancelled", (string?)body["status"]);
        var meta = body["meta_data"]!.AsArray();
        var result = meta.Single(m => (string?)m!["key"] == "orderconfirm_result")!;
        Assert.Equal(resultMetaId, (long)result["id"]!);
        Assert.Equal("cancelled_by_customer_ivr", (string?)result["value"]);

        // Read back from the database: a number written as meta comes back as a string.
        Assert.Equal("20076", (string?)meta.Single(m => (string?)m!["key"] == "orderconfirm_call_id")!["value"]);
        Assert.True(_woo.Order(order.Id)!.DateModifiedGmt > before);

        var notes = (await JsonAsync(await SendAsync(HttpMethod.Get, $"orders/{order.Id}/notes", basic: true), 200)).AsArray();
        Assert.Equal("Order status changed from Processing to Cancelled.", (string?)notes[0]!["note"]);
        Assert.Equal("system", (string?)notes[0]!["author"]);

        var modified = _woo.Order(order.Id)!.DateModifiedGmt;
        var note = await JsonAsync(await SendAsync(HttpMethod.Post, $"orders/{order.Id}/notes", basic: true, new { note = "OrderConfirm: customer pressed 2.", customer_note = false, added_by_user = false }), 201);
        Assert.Equal("system", (string?)note["author"]);
        Assert.False((bool)note["customer_note"]!);
        Assert.Equal(modified, _woo.Order(order.Id)!.DateModifiedGmt);

        await AssertErrorAsync(await SendAsync(HttpMethod.Put, $"orders/{order.Id}", basic: true, new { status = "confirmed" }), 400, "rest_invalid_param", "Invalid parameter(s): status");
        await AssertErrorAsync(await SendAsync(HttpMethod.Put, "orders/999999", basic: true, new { status = "cancelled" }), 400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        await AssertErrorAsync(await SendAsync(HttpMethod.Get, "orders/999999", basic: true), 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");

        var put = Assert.Single(_woo.Requests("PUT", $"/orders/{order.Id}"), r => r.Status == 200);
        Assert.Equal("cancelled", (string?)put.Json!["status"]);
    }

    [Fact]
    public async Task Listing_by_modified_after_pages_with_WordPress_total_headers()
    {
        var clock = new SkewedClock();
        using var woo = new WooCommerceStoreStub(clock);
        using var http = new HttpClient { BaseAddress = new Uri(woo.ApiUrl) };
        var old = Enumerable.Range(0, 3).Select(_ => woo.AddOrder()).ToList();
        clock.Jump(TimeSpan.FromMinutes(1));
        var cutoff = old.Max(o => o.DateModifiedGmt).AddSeconds(30);
        clock.Jump(TimeSpan.FromMinutes(1));
        var recent = Enumerable.Range(0, 5).Select(i => woo.AddOrder(status: i == 4 ? "on-hold" : "processing")).ToList();
        woo.Trash(recent[3].Id);
        var since = cutoff.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        var first = await http.GetAsync($"orders?modified_after={since}&dates_are_gmt=true&per_page=2&orderby=modified&order=asc&{Query(woo)}");
        var page = (await JsonAsync(first, 200)).AsArray();
        Assert.Equal("4", Header(first, "X-WP-Total"));
        Assert.Equal("2", Header(first, "X-WP-TotalPages"));
        Assert.Equal([recent[0].Id, recent[1].Id], page.Select(o => (long)o!["id"]!));
        Assert.Contains("rel=\"next\"", Header(first, "Link"), StringComparison.Ordinal);

        var last = await http.GetAsync($"orders?modified_after={since}&dates_are_gmt=true&per_page=2&orderby=modified&order=asc&page=2&{Query(woo)}");
        Assert.Equal([recent[2].Id, recent[4].Id], (await JsonAsync(last, 200)).AsArray().Select(o => (long)o!["id"]!));

        // The same UTC value read as site time (UTC+5) lets every non-trashed order through.
        var local = await http.GetAsync($"orders?modified_after={since}&per_page=100&{Query(woo)}");
        Assert.Equal("7", Header(local, "X-WP-Total"));

        var statuses = await http.GetAsync($"orders?status=on-hold,trash&{Query(woo)}");
        Assert.Equal([recent[4].Id, recent[3].Id], (await JsonAsync(statuses, 200)).AsArray().Select(o => (long)o!["id"]!));

        await AssertErrorAsync(await http.GetAsync($"orders?per_page=500&{Query(woo)}"), 400, "rest_invalid_param", "Invalid parameter(s): per_page");
    }

    [Fact]
    public async Task Webhook_create_ignores_status_never_returns_the_secret_and_updates_keep_the_new_secret()
    {
        const string Secret = "Q8vJ3mT1xZ7cR2pL9nH4kW6bY0sD5fA1gE3uI8oV";
        var created = await SendAsync(HttpMethod.Post, "webhooks", basic: true, new
        {
            name = "OrderConfirm - order.created",
            topic = "order.created",
            delivery_url = "https://api.orderconfirm.example/webhooks/woocommerce/7",
            secret = Secret,
            status = "paused",
        });

        var hook = await JsonAsync(created, 201);
        var id = (long)hook["id"]!;
        Assert.Equal("active", (string?)hook["status"]);
        Assert.False(hook.AsObject().ContainsKey("secret"));
        Assert.Equal(["woocommerce_new_order"], hook["hooks"]!.AsArray().Select(h => (string?)h));
        Assert.Null((string?)hook["date_modified_gmt"]);
        Assert.Equal(Secret, _woo.SecretOf(id));
        Assert.Equal(id, Assert.Single(_woo.Pings).WebhookId);

        var updated = await JsonAsync(await SendAsync(HttpMethod.Put, $"webhooks/{id}", basic: true, new { status = "paused", secret = "S2" + Secret }), 200);
        Assert.Equal("paused", (string?)updated["status"]);
        Assert.False(updated.AsObject().ContainsKey("secret"));
        Assert.Equal("S2" + Secret, _woo.SecretOf(id));

        var other = _woo.AddWebhook("order.updated", "https://api.orderconfirm.example/webhooks/woocommerce/7", name: "OrderConfirm - order.updated");
        _woo.DisableWebhook(other.Id);
        var disabled = await SendAsync(HttpMethod.Get, "webhooks?status=disabled&search=orderconfirm", basic: true);
        Assert.Equal([other.Id], (await JsonAsync(disabled, 200)).AsArray().Select(w => (long)w!["id"]!));
        Assert.Equal("1", Header(disabled, "X-WP-Total"));

        await AssertErrorAsync(await SendAsync(HttpMethod.Post, "webhooks", basic: true, new { topic = "order.confirmed", delivery_url = "https://x.example/" }), 400,
            "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        await AssertErrorAsync(await SendAsync(HttpMethod.Get, "webhooks/999999", basic: true), 400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");
    }

    [Fact]
    public async Task Bodies_are_PHP_escaped_and_deliveries_are_signed_over_those_bytes()
    {
        var order = _woo.AddOrder(number: "WC-7001");
        var raw = await (await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true)).Content.ReadAsStringAsync();
        Assert.Contains("\\/wp-json\\/wc\\/v3\\/orders\\/" + order.Id, raw, StringComparison.Ordinal);
        Assert.Contains("Lahore \\u2014 \\u0688\\u06cc\\u0641\\u0646\\u0633", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("—", raw, StringComparison.Ordinal);
        Assert.Equal("Lahore — ڈیفنس", (string?)JsonNode.Parse(raw)!["billing"]!["address_2"]);
        Assert.Equal("WC-7001", (string?)JsonNode.Parse(raw)!["number"]);
        Assert.Equal(_woo.OrderJson(order.Id), raw);

        var (_, phone) = RoboCallStub.NewPhone();
        var body = WooCommerceWebhooks.Order(4817, "WC-1001", "processing", phone);
        Assert.Contains("\\/", body, StringComparison.Ordinal);
        using var delivery = WooCommerceWebhooks.Delivery(7, "order.created", body, "whsec-test-0123456789");
        var bytes = await delivery.Content!.ReadAsByteArrayAsync();
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec-test-0123456789"), bytes));
        Assert.Equal(expected, delivery.Headers.GetValues("X-WC-Webhook-Signature").Single());
        Assert.Equal("/webhooks/woocommerce/7", delivery.RequestUri!.OriginalString);
        Assert.Equal("order", delivery.Headers.GetValues("X-WC-Webhook-Resource").Single());
        Assert.Equal("created", delivery.Headers.GetValues("X-WC-Webhook-Event").Single());
        Assert.Matches("^[0-9a-f]{32}$", delivery.Headers.GetValues("X-WC-Webhook-Delivery-ID").Single());

        using var ping = WooCommerceWebhooks.Ping(7, 12);
        Assert.Equal("webhook_id=12", await ping.Content!.ReadAsStringAsync());
        Assert.Equal("application/x-www-form-urlencoded", ping.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(ping.Headers, h => h.Key.StartsWith("X-WC-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Injected_failures_answer_first_and_lost_answers_still_apply_the_write()
    {
        var order = _woo.AddOrder();
        _woo.FailNext($"/orders/{order.Id}", times: 2, status: 429, retryAfter: "3");

        var throttled = await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("3", Header(throttled, "Retry-After"));
        Assert.Equal("text/html", throttled.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"orders/{order.Id}", basic: true)).StatusCode);

        _woo.FailNext($"/orders/{order.Id}", method: "PUT", afterApplying: true);
        await AssertErrorAsync(await SendAsync(HttpMethod.Put, $"orders/{order.Id}", basic: true, new { status = "on-hold" }), 500, "internal_server_error", null);
        Assert.Equal("on-hold", _woo.Order(order.Id)!.Status);
        Assert.Equal([429, 429, 200, 500], _woo.Requests().Select(r => r.Status));
    }

    public void Dispose()
    {
        _http.Dispose();
        _woo.Dispose();
    }

    private string Query(string secret) => $"consumer_key={_woo.ConsumerKey}&consumer_secret={secret}";

    private static string Query(WooCommerceStoreStub woo) => $"consumer_key={woo.ConsumerKey}&consumer_secret={woo.ConsumerSecret}";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string uri, bool basic, object? body = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (basic)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(_woo.BasicAuthorization);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _http.SendAsync(request);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string code, string? message)
    {
        var error = await JsonAsync(response, status);
        Assert.Equal(code, (string?)error["code"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)error["message"]);
        }

        Assert.Equal(status, (int)error["data"]!["status"]!);
    }

    private static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}
