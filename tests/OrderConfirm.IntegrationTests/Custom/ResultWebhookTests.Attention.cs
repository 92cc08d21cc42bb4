using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.Custom;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Custom;

/// needs-attention pushed by the sweep, lost delivery jobs found again, the overlap of a rotated secret, and the
/// result webhook URL kept to the stores that use it.
public sealed partial class ResultWebhookTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_verification_that_needs_attention_is_pushed_once_with_its_reason_and_without_the_customer(string database)
    {
        using var receiver = new ResultReceiver();
        await using var app = OrderConfirmApp.Start(database == "postgres" ? await postgres.CreateDatabaseAsync() : null, roboCall, FastRetries);
        using var admin = app.AdminClient();
        var (storeId, _) = await CreateStoreAsync(admin, receiver.Url);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.RejectCall(phone, 500, new { status = "error" });
        var id = await admin.SubmitOrderAsync(storeId, $"attention-{Guid.NewGuid():N}", typed);
        await admin.WaitForStatusAsync(id, "needs-attention");

        // Pushed by the recurring sweep (every 15 s); then the sweep run twice more records nothing new.
        var request = Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(40)));
        await RunSweepAsync(app);
        await RunSweepAsync(app);
        await Task.Delay(500);

        Assert.Single(receiver.Requests());
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal(ResultPayloads.NeedsAttentionType, body["type"]!.GetValue<string>());
        Assert.Equal("needs-attention", body["data"]!["status"]!.GetValue<string>());
        Assert.Equal(id, body["data"]!["verificationId"]!.GetValue<long>());
        Assert.False(string.IsNullOrWhiteSpace(body["data"]!["reason"]!.GetValue<string>()));
        Assert.DoesNotContain(phone[^7..], request.Body!, StringComparison.Ordinal);
        Assert.Equal("needs-attention", (await DeliveryAsync(admin, storeId, "delivered"))["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task An_event_whose_delivery_job_was_lost_is_sent_by_the_sweep(string database)
    {
        using var receiver = new ResultReceiver();
        await using var app = OrderConfirmApp.Start(database == "postgres" ? await postgres.CreateDatabaseAsync() : null, roboCall, FastRetries);
        using var admin = app.AdminClient();
        var (storeId, _) = await CreateStoreAsync(admin, receiver.Url);
        var (verificationId, _, _) = await ConfirmedOrderAsync(admin, storeId);
        Assert.Single(await receiver.WaitForAsync(1));

        // An event recorded ten minutes ago whose job never ran (the queue lost it).
        var lost = await app.Services.GetRequiredService<ResultDeliveries>().RecordAsync(
            storeId, verificationId, $"msg_lost_{Guid.NewGuid():N}", "confirmed", """{"type":"verification.outcome"}""", DateTimeOffset.UtcNow.AddMinutes(-10), CancellationToken.None);
        await RunSweepAsync(app);

        var requests = await receiver.WaitForAsync(2);
        Assert.Equal(2, requests.Count);
        Assert.Equal(lost.EventId, requests[1].Headers!["webhook-id"].Single());
    }

    [Fact]
    public async Task A_rotated_secret_signs_next_to_the_previous_one_until_the_overlap_ends_or_is_cut_short()
    {
        using var receiver = new ResultReceiver();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, FastRetries);
        using var admin = app.AdminClient();
        var (storeId, first) = await CreateStoreAsync(admin, receiver.Url);
        Assert.DoesNotContain(first, await admin.GetStringAsync($"/api/stores/{storeId}"), StringComparison.Ordinal);

        var rotated = (await (await admin.PostAsync($"/api/stores/{storeId}/result-webhook-secret", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var second = rotated["resultWebhookSecret"]!.GetValue<string>();
        LeakScan.Secret(second);
        Assert.InRange(rotated["previousSecretValidUntil"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        await ConfirmedOrderAsync(admin, storeId);
        var during = Assert.Single(await receiver.WaitForAsync(1));

        Assert.Equal([Signature(second, during), Signature(first, during)], during.Headers!["webhook-signature"].Single().Split(' '));

        // A leaked secret is cut off at once: only the new one signs.
        var third = (await (await admin.PostAsync($"/api/stores/{storeId}/result-webhook-secret?keepPrevious=false", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Null(third["previousSecretValidUntil"]);
        await ConfirmedOrderAsync(admin, storeId);
        var after = (await receiver.WaitForAsync(2))[1];

        Assert.Equal(Signature(third["resultWebhookSecret"]!.GetValue<string>(), after), after.Headers!["webhook-signature"].Single());
    }

    [Fact]
    public async Task A_result_webhook_url_on_a_shopify_store_is_refused_rather_than_ignored()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (shopifyId, _, _) = await admin.CreateShopifyStoreAsync();

        var patched = await admin.PatchAsJsonAsync($"/api/stores/{shopifyId}", new { settings = new { resultWebhookUrl = "https://erp.example.pk/hooks" } });
        var custom = await admin.PostAsJsonAsync("/api/stores", new { name = "Karachi Kurta", platform = "custom", settings = new { holdAtIntake = false } });

        foreach (var (response, field, platform) in new[] { (patched, "settings.resultWebhookUrl", "custom"), (custom, "settings.holdAtIntake", "woocommerce") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field]![0]!.GetValue<string>();
            Assert.StartsWith($"Only {platform} stores use this setting", error, StringComparison.Ordinal);
        }
    }

    private static string Signature(string secret, WireMock.IRequestMessage request)
        => ResultWebhookSignature.Sign(secret, request.Headers!["webhook-id"].Single(), long.Parse(request.Headers["webhook-timestamp"].Single(), CultureInfo.InvariantCulture), request.Body!);

    private static async Task RunSweepAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ResultWebhookSweepJob>().RunAsync(CancellationToken.None);
    }
}
