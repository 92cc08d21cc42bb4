using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Custom;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Custom;

/// A custom shop's result webhooks, received by a WireMock endpoint on 127.0.0.1.
[Collection(SharedInfrastructure.Name)]
public sealed partial class ResultWebhookTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly Dictionary<string, string?> FastRetries = new() { ["ResultWebhooks:RetryDelay"] = "00:00:00.200" };

    [Fact]
    public async Task An_outcome_is_posted_once_signed_so_the_documented_recipe_verifies_it_and_without_the_customer()
    {
        using var receiver = new ResultReceiver();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, FastRetries);
        using var admin = app.AdminClient();
        var (storeId, secret) = await CreateStoreAsync(admin, receiver.Url);
        var (verificationId, orderId, phone) = await ConfirmedOrderAsync(admin, storeId);

        var request = Assert.Single(await receiver.WaitForAsync(1));
        var id = request.Headers!["webhook-id"].Single();
        var timestamp = request.Headers["webhook-timestamp"].Single();
        var signature = request.Headers["webhook-signature"].Single();
        var body = request.Body!;

        // The recipe of docs/custom-shops.md, step by step.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        Assert.Contains(expected, signature.Split(' '));
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

        var data = JsonNode.Parse(body)!["data"]!;
        Assert.Equal(storeId, data["storeId"]!.GetValue<long>());
        Assert.Equal(verificationId, data["verificationId"]!.GetValue<long>());
        Assert.Equal(orderId, data["orderId"]!.GetValue<string>());
        Assert.Equal("confirmed", data["status"]!.GetValue<string>());
        Assert.Equal("call", data["decidedBy"]!.GetValue<string>());
        Assert.DoesNotContain(phone[^7..], body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ayesha", body, StringComparison.Ordinal);

        var delivery = await DeliveryAsync(admin, storeId, "delivered");
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(200, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.Equal(id, delivery["eventId"]!.GetValue<string>());
        Assert.NotNull(delivery["deliveredAt"]);
    }

    [Fact]
    public async Task A_receiver_that_answers_500_then_200_gets_the_same_event_again_and_one_successful_delivery()
    {
        using var receiver = new ResultReceiver(null, 500, 200);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, FastRetries);
        using var admin = app.AdminClient();
        var (storeId, _) = await CreateStoreAsync(admin, receiver.Url);
        await ConfirmedOrderAsync(admin, storeId);

        var delivery = await DeliveryAsync(admin, storeId, "delivered");
        await Task.Delay(1000);
        var requests = receiver.Requests();

        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Headers!["webhook-id"].Single(), requests[1].Headers!["webhook-id"].Single());
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(200, delivery["lastStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_delivery_job_run_again_while_sending_and_after_delivery_sends_nothing_more()
    {
        using var receiver = new ResultReceiver(TimeSpan.FromSeconds(2), 200);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, FastRetries);
        using var admin = app.AdminClient();
        var (storeId, _) = await CreateStoreAsync(admin, receiver.Url);
        await ConfirmedOrderAsync(admin, storeId);
        var deliveryId = (await DeliveryAsync(admin, storeId, "sending"))["id"]!.GetValue<long>();

        // While the first run waits for the slow receiver, two more runs of the same job.
        await Task.WhenAll(RunJobAsync(app, deliveryId), RunJobAsync(app, deliveryId));
        await DeliveryAsync(admin, storeId, "delivered");
        await RunJobAsync(app, deliveryId);
        await Task.Delay(500);

        Assert.Single(receiver.Requests());
        Assert.Equal(1, (await DeliveryAsync(admin, storeId, "delivered"))["attempts"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hooks", "false")]
    [InlineData("http://10.1.2.3/hooks", "false")]
    [InlineData("http://169.254.169.254/latest/meta-data", "true")]
    [InlineData("ftp://shop.example.pk/hooks", "true")]
    public async Task A_result_webhook_url_into_a_private_network_is_refused_when_saved(string url, string allowPrivate)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Outbound:AllowPrivateShopAddresses"] = allowPrivate });
        using var admin = app.AdminClient();

        var created = await admin.PostAsJsonAsync("/api/stores", new { name = "Lahore Lawn", platform = "custom", settings = new { resultWebhookUrl = url } });
        var storeId = await admin.CreateCustomStoreAsync();
        var patched = await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { settings = new { resultWebhookUrl = url } });

        foreach (var response in new[] { created, patched })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("settings.resultWebhookUrl"), errors.ToJsonString());
        }
    }

    [Fact]
    public async Task A_result_webhook_url_saved_while_private_addresses_were_allowed_is_refused_when_connecting()
    {
        using var receiver = new ResultReceiver();
        var database = await postgres.CreateDatabaseAsync();
        long storeId;
        await using (var earlier = OrderConfirmApp.Start(database, roboCall))
        {
            using var admin = earlier.AdminClient();
            (storeId, _) = await CreateStoreAsync(admin, receiver.Url);
        }

        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Outbound:AllowPrivateShopAddresses"] = "false" });
        using var now = app.AdminClient();
        await ConfirmedOrderAsync(now, storeId);

        var delivery = await DeliveryAsync(now, storeId, "failed");
        Assert.Contains("loopback", delivery["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.Empty(receiver.Requests());
    }

    private static async Task<(long StoreId, string Secret)> CreateStoreAsync(HttpClient admin, string url)
    {
        var (storeId, _, created) = await admin.CreateWithKeyAsync(settings: new { resultWebhookUrl = url });
        var secret = created["issued"]!["resultWebhookSecret"]!.GetValue<string>();
        LeakScan.Secret(secret);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(url, created["settings"]!["resultWebhookUrl"]!.GetValue<string>());
        return (storeId, secret);
    }

    private async Task<(long Id, string OrderId, string Phone)> ConfirmedOrderAsync(HttpClient admin, long storeId)
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", 1, "0"));
        var orderId = $"result-{Guid.NewGuid():N}";
        var id = await admin.SubmitOrderAsync(storeId, orderId, typed);
        await admin.WaitForStatusAsync(id, "confirmed");
        return (id, orderId, phone);
    }

    // The store's newest delivery, once it is in the state given (any state when null).
    private static async Task<JsonObject> DeliveryAsync(HttpClient admin, long storeId, string? state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var page = (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}/result-deliveries"))!;
            last = page["items"]!.AsArray().FirstOrDefault()?.AsObject();
            if (last is not null && (state is null || last["state"]!.GetValue<string>() == state))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No {state} delivery for store {storeId}; last seen: {last?.ToJsonString()}");
    }

    private static async Task RunJobAsync(OrderConfirmApp app, long deliveryId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ResultDeliveryJob>().RunAsync(deliveryId, CancellationToken.None);
    }
}
