using System.Net;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Webhooks;

/// A delivery that cannot be applied yet (an encryption key rotated on the web instances before the workers) is
/// retried, kept, shown to the operator, and applied once it can be: its body is never dropped before that.
[Collection(SharedInfrastructure.Name)]
public sealed class WebhookRetryTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string OldKey = OrderConfirmApp.EncryptionKey;
    private const string NewKey = "NPrI7YUJonhMHgIUbaWlyLgC7PoESIYlNol1obV4h3M=";
    private const string Phone = "03001234567";
    private static long _orders = 8_800_000_000;
    private readonly ShopifyAdminStub _shop = new ShopifyAdminStub().MutationsSucceed();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_delivery_the_worker_cannot_decrypt_is_kept_failed_and_applied_after_the_key_arrives_and_a_replay(bool storeWrittenWithNewKey)
    {
        var database = await postgres.CreateDatabaseAsync();
        var oldKeyOnly = new Dictionary<string, string?> { ["Encryption:Key"] = OldKey };
        var rotated = new Dictionary<string, string?> { ["Encryption:Key"] = NewKey, ["Encryption:PreviousKeys:0"] = OldKey };
        long storeId;
        (long StoreId, string Domain, string Secret) store;
        if (storeWrittenWithNewKey)
        {
            await using var first = Start(database, "web", rotated);
            using var client = first.AdminClient();
            store = await client.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        }
        else
        {
            await using var first = Start(database, "web", oldKeyOnly);
            using var client = first.AdminClient();
            store = await client.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        }

        storeId = store.StoreId;

        // Mid-rotation: the web instance already writes with the new key; the worker only knows the old one.
        await using var web = Start(database, "web", rotated);
        var worker = Start(database, "worker", oldKeyOnly);
        using var admin = web.AdminClient();
        using var shopify = web.CreateClient();
        var orderId = Interlocked.Increment(ref _orders);
        _shop.Order(orderId);
        var webhookId = Guid.NewGuid().ToString();
        var sent = await shopify.SendAsync(ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, Phone), store.Secret, webhookId));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        // Retried with growing delays and never dropped; after the last attempt it is failed, its body still there.
        var row = Assert.Single(await web.WaitForInboxAsync(r => r.Single().Status == "failed", TimeSpan.FromSeconds(30)));
        Assert.Equal((3, 1L), (row.Attempts, row.BodyKept));
        Assert.Contains("CryptographicException", row.Result, StringComparison.Ordinal);
        Assert.Contains("not configured", row.Result, StringComparison.Ordinal);
        Assert.Contains(worker.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("given up", StringComparison.Ordinal));
        Assert.Equal(2, worker.Logs.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("will be retried", StringComparison.Ordinal)));

        // Visible: /health/ready says Degraded (and still answers 200), the operator's list shows it without its body.
        using var probe = web.CreateClient();
        var health = await probe.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("Degraded", report["status"]!.GetValue<string>());
        Assert.Equal(1, report["checks"]!["webhook-deliveries"]!["data"]!["failed"]!.GetValue<long>());
        var listed = await admin.GetStringAsync("/api/webhook-deliveries?status=failed");
        var item = Assert.Single(JsonNode.Parse(listed)!["items"]!.AsArray())!;
        Assert.Equal(row.Id, item["id"]!.GetValue<long>());
        Assert.Equal((webhookId, storeId, "orders/create", 3, true), (item["deliveryId"]!.GetValue<string>(), item["storeId"]!.GetValue<long>(), item["topic"]!.GetValue<string>(), item["attempts"]!.GetValue<int>(), item["bodyKept"]!.GetValue<bool>()));
        Assert.Contains("not configured", item["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ayesha", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("300", listed.Replace(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), "", StringComparison.Ordinal), StringComparison.Ordinal);

        // The worker gets the new key; the operator replays the delivery, and the order is verified.
        await worker.DisposeAsync();
        await using var upgraded = Start(database, "worker", rotated);
        var retried = await admin.PostAsync($"/api/webhook-deliveries/{row.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var verification = await admin.WaitForOrderAsync(storeId, orderId);
        Assert.Equal("pending", verification["status"]!.GetValue<string>());
        var applied = Assert.Single(await web.WaitForInboxAsync(r => r.Single().Status == "done", TimeSpan.FromSeconds(20)));
        Assert.Equal((0L, 0), (applied.BodyKept, applied.Attempts));
        Assert.Equal("Healthy", JsonNode.Parse(await (await probe.GetAsync("/health/ready")).Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        // Applied, its body is gone: nothing left to replay. And an unknown id is a 404.
        var again = await admin.PostAsync($"/api/webhook-deliveries/{row.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/webhook-deliveries/987654321/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/webhook-deliveries?status=lost")).StatusCode);
    }

    public void Dispose() => _shop.Dispose();

    private OrderConfirmApp Start(string database, string roles, Dictionary<string, string?> keys)
    {
        var settings = new Dictionary<string, string?>(keys)
        {
            ["Roles"] = roles,
            ["Verification:CallDelay"] = "01:00:00",
            ["Webhooks:RetryDelay"] = "00:00:00.100",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.400",
            ["Webhooks:MaxAttempts"] = "3",
        };
        return OrderConfirmApp.Start(database, roboCall, settings);
    }
}
