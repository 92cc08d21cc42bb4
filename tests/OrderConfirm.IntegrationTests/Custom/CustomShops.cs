using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Custom;

/// Custom stores as a shop's developer sees them: created by the operator, then used with their own key.
public static class CustomShops
{
    /// Creates a custom store and returns its id with the API key shown (once) in the 201.
    public static async Task<(long Id, string ApiKey, JsonObject Created)> CreateWithKeyAsync(this HttpClient admin, string name = "Lahore Lawn", object? settings = null)
    {
        var response = await admin.PostAsJsonAsync("/api/stores", new { name, platform = "custom", settings });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var key = body["issued"]!["apiKey"]!.GetValue<string>();
        LeakScan.Secret(key);
        return (body["id"]!.GetValue<long>(), key, body);
    }

    public static HttpClient StoreClient(this OrderConfirmApp app, string apiKey)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    /// Posts an order (storeId left out when null, as a store key may) and returns the response.
    public static Task<HttpResponseMessage> PostOrderAsync(this HttpClient client, long? storeId, string orderId, string phone)
        => client.PostAsJsonAsync("/api/verifications", new { storeId, orderId, orderName = $"#{orderId}", amount = 4999m, currency = "PKR", phone, customerName = "Ayesha Khan" });
}
