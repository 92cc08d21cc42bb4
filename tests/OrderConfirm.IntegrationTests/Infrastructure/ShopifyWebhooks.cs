using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Builds deliveries the way Shopify does: raw JSON body, base64 HMAC-SHA256 of those bytes, X-Shopify-* headers.
public static class ShopifyWebhooks
{
    public static async Task<(long StoreId, string Domain, string Secret)> CreateShopifyStoreAsync(this HttpClient client, string name = "Lahore Lawn", object? settings = null, string? apiBaseUrl = null)
    {
        var domain = $"shop-{Guid.NewGuid():N}.myshopify.com";
        var secret = $"whsec-{Guid.NewGuid():N}";
        LeakScan.Secret(secret);
        LeakScan.Secret("shpat_test");
        var response = await client.PostAsJsonAsync("/api/stores", new { name, platform = "shopify", shopDomain = domain, apiBaseUrl, accessToken = "shpat_test", webhookSecret = secret, settings });
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>(), domain, secret);
    }

    public static HttpRequestMessage Delivery(string domain, string topic, string body, string secret, string? webhookId = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
        request.Headers.Add("X-Shopify-Shop-Domain", domain);
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-API-Version", "2026-01");
        return request;
    }

    public static string Order(long id, string phone, bool cod = true, bool test = false, string? cancelledAt = null, string amount = "4599.00", string? fulfillment = null)
        => JsonSerializer.Serialize(new
        {
            id,
            admin_graphql_api_id = $"gid://shopify/Order/{id}",
            name = $"#{id % 100_000}",
            test,
            cancelled_at = cancelledAt,
            fulfillment_status = fulfillment,
            currency = "PKR",
            presentment_currency = "PKR",
            total_price = "1.00",
            total_price_set = new { shop_money = new { amount, currency_code = "PKR" }, presentment_money = new { amount, currency_code = "PKR" } },
            financial_status = "pending",
            payment_gateway_names = cod ? new[] { "Cash on Delivery (COD)" } : new[] { "Shopify Payments" },
            phone = (string?)null,
            shipping_address = new { name = "Ayesha Khan", first_name = "Ayesha", last_name = "Khan", phone },
            billing_address = new { name = "Ayesha Khan", phone = "+1 415 555 0100" },
            customer = new { id = 115310627314723954, first_name = "Ayesha", last_name = "Khan", phone = (string?)null },
        });

    /// Waits until the background processor has applied the delivery; returns its result line.
    public static Task<string> WaitForDeliveryAsync(this OrderConfirmApp app, string webhookId)
        => app.WaitForDeliveryAsync("shopify", webhookId);

    /// Waits until the background processor has applied the platform's delivery; returns its result line. A WooCommerce
    /// delivery is stored as "{X-WC-Webhook-Delivery-ID}:{body hash}" (one webhook sends the same id for every order
    /// within a second), so the header's value finds it too; several bodies under one id give their results joined.
    public static async Task<string> WaitForDeliveryAsync(this OrderConfirmApp app, string platform, string webhookId)
    {
        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await deliveries.StatusAsync(platform, webhookId, CancellationToken.None) is ("done", var result))
            {
                return result ?? "";
            }

            var keyed = (await app.InboxRowsAsync())
                .Where(r => r.Platform == platform && r.DeliveryId.StartsWith(webhookId + ":", StringComparison.Ordinal))
                .ToList();
            if (keyed.Count > 0 && keyed.All(r => r.Status == "done"))
            {
                return string.Join(" | ", keyed.Select(r => r.Result ?? ""));
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Delivery {webhookId} was not processed.");
    }
}
