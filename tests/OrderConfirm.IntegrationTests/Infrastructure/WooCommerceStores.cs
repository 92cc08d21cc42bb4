using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

public static class WooCommerceStores
{
    /// Connects the stub shop through the stores API, as a merchant would: site URL, REST key and a webhook secret.
    public static async Task<(long StoreId, string Secret)> CreateWooCommerceStoreAsync(this HttpClient admin, WooCommerceStoreStub shop, string name = "Lahore Lawn", object? settings = null)
    {
        var secret = $"wcwh{Guid.NewGuid():N}";
        LeakScan.Secret(secret);
        var response = await admin.PostAsJsonAsync("/api/stores", new
        {
            name,
            platform = "woocommerce",
            apiBaseUrl = shop.BaseUrl,
            consumerKey = shop.ConsumerKey,
            consumerSecret = shop.ConsumerSecret,
            webhookSecret = secret,
            settings,
        });
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>(), secret);
    }
}
