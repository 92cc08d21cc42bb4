using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

public static class ApiClientExtensions
{
    public static async Task<long> CreateCustomStoreAsync(this HttpClient client, string name = "Lahore Lawn", object? roboCall = null, object? settings = null)
    {
        var response = await client.PostAsJsonAsync("/api/stores", new { name, platform = "custom", roboCall, settings });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["id"]!.GetValue<long>();
    }

    public static async Task<long> SubmitOrderAsync(this HttpClient client, long storeId, string orderId, string phone, decimal amount = 1499.50m)
    {
        var response = await client.PostAsJsonAsync("/api/verifications", new
        {
            storeId,
            orderId,
            orderName = $"#{orderId}",
            amount,
            currency = "PKR",
            phone,
            customerName = "Ayesha Khan",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["id"]!.GetValue<long>();
    }

    public static async Task<JsonObject> GetVerificationAsync(this HttpClient client, long id)
        => (await client.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!;

    /// Polls the API until the verification reaches the status (and, by default, its write-back is finished).
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient client, long id, string status, TimeSpan? timeout = null, bool settled = true)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetVerificationAsync(id);
            var writeBack = last["writeBack"]?.GetValue<string>();
            if (last["status"]!.GetValue<string>() == status && (!settled || writeBack is null or not "pending"))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Verification {id} did not reach '{status}'. Last seen: {last?.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }

    /// Waits until the store has a verification for the order (any order when orderId is null) and returns it whole.
    public static async Task<JsonObject> WaitForOrderAsync(this HttpClient admin, long storeId, long? orderId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var page = await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeId}&limit=500");
            var match = page!["items"]!.AsArray().FirstOrDefault(v =>
                orderId is null || v!["orderId"]!.GetValue<string>() == orderId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (match is JsonObject found)
            {
                return await admin.GetVerificationAsync(found["id"]!.GetValue<long>());
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No verification for order {orderId} of store {storeId}.");
    }

    public static IEnumerable<string> TimelineKinds(this JsonObject verification)
        => verification["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>());
}
