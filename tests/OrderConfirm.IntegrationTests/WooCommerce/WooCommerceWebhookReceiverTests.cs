using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// The request path of POST /webhooks/woocommerce/{storeId}: who may deliver, what is stored, what is answered.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceWebhookReceiverTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private readonly WooCommerceStoreStub _woo = new();
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;
    private (long StoreId, string Secret) _store;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        _admin = _app.AdminClient();
        _store = await _admin.CreateWooCommerceStoreAsync(_woo, settings: new { holdAtIntake = false });
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
        _woo.Dispose();
    }

    [Fact]
    public async Task Ping_is_200_and_stores_nothing()
    {
        var hook = _woo.AddWebhook("order.created", $"https://oc.example/webhooks/woocommerce/{_store.StoreId}", _store.Secret);

        using var client = _app.CreateClient();
        var response = await client.SendAsync(_woo.Ping(hook.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await _app.InboxRowsAsync());
    }

    [Theory]
    [InlineData("webhook_id=12&topic=order.created", null)]
    [InlineData("webhook_id=", null)]
    [InlineData("{\"webhook_id\":12}", null)]
    [InlineData("webhook_id=12", "X-WC-Webhook-Topic")]
    [InlineData("webhook_id=12", "X-WC-Webhook-Delivery-ID")]
    public async Task Anything_unsigned_but_the_bare_ping_is_401(string body, string? header)
    {
        using var request = WooCommerceWebhooks.Ping(_store.StoreId, 12);
        request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        if (header is not null)
        {
            request.Headers.Add(header, "order.created");
        }

        await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_signature_is_401_and_nothing_is_stored()
    {
        using var request = Delivery(Order(4817));
        request.Headers.Remove("X-WC-Webhook-Signature");

        await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("X-WC-Webhook-Topic")]
    [InlineData("X-WC-Webhook-Delivery-ID")]
    public async Task Signed_delivery_without_its_topic_or_delivery_id_is_401(string header)
    {
        using var request = Delivery(Order(4817));
        request.Headers.Remove(header);

        await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_secret_is_401_and_nothing_is_stored()
        => await AssertRejectedAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", Order(4818), "wcwh-not-the-secret-0123"), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Body_changed_after_signing_is_401_and_nothing_is_stored()
    {
        using var request = Delivery(Order(4819));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Order(4819, total: "1.00")));

        await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task Unknown_store_is_404_and_nothing_is_stored(string storeId)
    {
        var body = Order(4820);
        await AssertRejectedAsync(Post($"/webhooks/woocommerce/{storeId}", "order.created", body, _store.Secret), HttpStatusCode.NotFound);
        await AssertRejectedAsync(PingTo($"/webhooks/woocommerce/{storeId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_store_of_another_platform_is_404()
    {
        var shopify = await _admin.CreateShopifyStoreAsync();

        await AssertRejectedAsync(WooCommerceWebhooks.Delivery(shopify.StoreId, "order.created", Order(4821), shopify.Secret), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Signed_body_that_is_not_json_is_400_and_nothing_is_stored()
        => await AssertRejectedAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", "{\"id\":4822,", _store.Secret), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Body_over_one_megabyte_is_413_and_nothing_is_stored()
    {
        var huge = $$"""{"id":4823,"status":"processing","customer_note":"{{new string('x', 1_100_000)}}"}""";

        await AssertRejectedAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", huge, _store.Secret), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Chunked_body_over_one_megabyte_is_413_on_a_real_socket()
    {
        await using var kestrel = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, kestrel: true);
        using var admin = kestrel.AdminClient();
        var store = await admin.CreateWooCommerceStoreAsync(_woo);
        var huge = $$"""{"id":4824,"status":"processing","customer_note":"{{new string('x', 1_100_000)}}"}""";
        using var request = WooCommerceWebhooks.Delivery(store.StoreId, "order.created", huge, store.Secret);
        request.Version = HttpVersion.Version11;

        // No Content-Length: only the limit enforced while reading can stop it.
        request.Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(huge)));
        request.Content.Headers.ContentType = new("application/json");
        using var client = kestrel.CreateClient();
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await kestrel.InboxRowsAsync());
    }

    [Fact]
    public async Task Previous_secret_still_works_after_a_rotation()
    {
        const string rotated = "wcwh-rotated-secret-0123456789";
        LeakScan.Secret(rotated);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/stores/{_store.StoreId}")
        {
            Content = new StringContent($$"""{"webhookSecret":"{{rotated}}"}""", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await _admin.SendAsync(patch)).StatusCode);
        using var client = _app.CreateClient();

        var withOld = await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", Order(4825), _store.Secret));
        var withNew = await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", Order(4826), rotated));
        var withNeither = await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", Order(4827), "wcwh-some-other-secret-0123"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized), (withOld.StatusCode, withNew.StatusCode, withNeither.StatusCode));
        Assert.Equal(2, (await _app.InboxRowsAsync()).Count);
    }

    [Fact]
    public async Task Secret_with_html_entities_is_checked_as_WooCommerce_decodes_it()
    {
        // Saved through wp-admin, "&" is stored as "&amp;"; WooCommerce signs with the decoded secret.
        const string stored = "wcwh-entity&amp;secret&#039;0123456789";
        LeakScan.Secret(stored);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/stores/{_store.StoreId}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { webhookSecret = stored }), Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await _admin.SendAsync(patch)).StatusCode);
        using var client = _app.CreateClient();

        var response = await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", Order(4828), stored));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Php_escaped_body_is_verified_on_its_raw_bytes()
    {
        var body = Order(4829);
        Assert.Contains("\\/", body, StringComparison.Ordinal);
        Assert.Contains("\\u2014", body, StringComparison.Ordinal);
        using var client = _app.CreateClient();

        // Signed over the same JSON as .NET would write it back: not the bytes that were sent.
        var reserialized = JsonNode.Parse(body)!.ToJsonString();
        using var resigned = Delivery(body);
        resigned.Headers.Remove("X-WC-Webhook-Signature");
        resigned.Headers.Add("X-WC-Webhook-Signature", WooCommerceWebhooks.Signature(reserialized, _store.Secret));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(resigned)).StatusCode);

        using var delivery = Delivery(body);
        var id = delivery.Headers.GetValues("X-WC-Webhook-Delivery-ID").Single();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(delivery)).StatusCode);

        Assert.StartsWith("verification", await _app.WaitForDeliveryAsync("woocommerce", id), StringComparison.Ordinal);
        var verification = await _admin.WaitForOrderAsync(_store.StoreId, 4829);
        Assert.Equal("WC-4829", verification["orderName"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_delivery_id_for_two_orders_in_the_same_second_keeps_both()
    {
        // wp_hash(webhook id . time()): the same webhook sends the same id for every order it delivers within a second.
        const string sameSecond = "9b1e0c3f5a7d4e2b8c6a1f0e3d5b7c9a";
        using var client = _app.CreateClient();
        var first = Order(4830);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", first, _store.Secret, sameSecond))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", Order(4831), _store.Secret, sameSecond))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", first, _store.Secret, sameSecond))).StatusCode);

        await _app.WaitForDeliveryAsync("woocommerce", sameSecond);
        await _admin.WaitForOrderAsync(_store.StoreId, 4830);
        await _admin.WaitForOrderAsync(_store.StoreId, 4831);
        var rows = await _app.InboxRowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("woocommerce", _store.StoreId, "order.created", "done", 0L), (r.Platform, r.StoreId, r.Topic, r.Status, r.BodyKept)));
    }

    private static string Order(long id, string total = "3749.00") => WooCommerceWebhooks.Order(id, $"WC-{id}", "processing", RoboCallStub.NewPhone().AsTyped, total: total);

    private HttpRequestMessage Delivery(string body) => WooCommerceWebhooks.Delivery(_store.StoreId, "order.created", body, _store.Secret);

    private static HttpRequestMessage Post(string path, string topic, string body, string secret)
    {
        var request = WooCommerceWebhooks.Delivery(1, topic, body, secret);
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }

    private static HttpRequestMessage PingTo(string path)
    {
        var request = WooCommerceWebhooks.Ping(1, 12);
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }

    private async Task AssertRejectedAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = _app.CreateClient();
        using (request)
        {
            var response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }

        Assert.Empty(await _app.InboxRowsAsync());
    }

    // A body whose length the client cannot know, so it is sent chunked.
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
