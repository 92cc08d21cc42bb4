using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Stores;

/// A store is never accepted as ready when it cannot place a call, and a placeholder is never taken for a credential.
[Collection(SharedInfrastructure.Name)]
public sealed class StoreReadinessTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    // The service without a default Robo Call key or voice: each store must bring its own.
    private static readonly Dictionary<string, string?> NoDefaults = new() { ["RoboCall:ApiKey"] = "", ["Verification:VoiceId"] = "" };

    [Fact]
    public async Task A_store_that_could_not_call_is_refused_naming_the_missing_fields()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoDefaults);
        using var client = app.AdminClient();

        var response = await client.PostAsJsonAsync("/api/stores", new { name = "Lahore Lawn", platform = "custom" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Robo Call API key", problem["errors"]!["roboCall.apiKey"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Verification:VoiceId", problem["errors"]!["roboCall.voiceId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonObject>("/api/stores"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_store_with_its_own_key_and_voice_or_created_disabled_is_accepted()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoDefaults);
        using var client = app.AdminClient();
        var key = $"store-key-{Guid.NewGuid():N}";
        roboCall.VerifyKey(key, accepted: true);

        var ready = await client.PostAsJsonAsync("/api/stores", new { name = "Lahore Lawn", platform = "custom", roboCall = new { apiKey = key, voiceId = "102" } });
        var waiting = await client.PostAsJsonAsync("/api/stores", new { name = "Karachi Kurta", platform = "custom", enabled = false });
        var waitingId = (await waiting.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var enabling = await client.PatchAsJsonAsync($"/api/stores/{waitingId}", new { enabled = true });

        Assert.Equal(HttpStatusCode.Created, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Created, waiting.StatusCode);
        var problem = await ProblemAsync(enabling, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["roboCall.apiKey"]);
    }

    [Fact]
    public async Task Orders_and_redials_of_a_store_that_lost_its_defaults_are_refused_saying_why()
    {
        var database = await postgres.CreateDatabaseAsync();
        long verificationId;
        await using (var before = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" }))
        {
            using var client = before.AdminClient();
            var storeId = await client.CreateCustomStoreAsync();
            verificationId = await client.SubmitOrderAsync(storeId, "9001", "03001234567");
        }

        // The same database, started again without the defaults the store relied on.
        await using var after = OrderConfirmApp.Start(database, roboCall, NoDefaults);
        using var admin = after.AdminClient();
        var store = (await admin.GetFromJsonAsync<JsonObject>("/api/stores"))!["items"]![0]!["id"]!.GetValue<long>();

        var order = await admin.PostAsJsonAsync("/api/verifications", new { storeId = store, orderId = "9002", amount = 10, phone = "03001234567" });
        var redial = await admin.PostAsync($"/api/verifications/{verificationId}/redial", null);

        var orderProblem = await ProblemAsync(order, HttpStatusCode.Conflict);
        Assert.Contains("roboCall.apiKey", orderProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var redialProblem = await ProblemAsync(redial, HttpStatusCode.Conflict);
        Assert.Equal("The store cannot place calls", redialProblem["title"]!.GetValue<string>());
        Assert.Contains("roboCall.voiceId", redialProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_order_of_a_store_that_lost_its_defaults_waits_in_needs_attention_and_is_called_once_fixed()
    {
        var database = await postgres.CreateDatabaseAsync();
        using var shop = new ShopifyAdminStub().MutationsSucceed().Order(77_041);
        long storeId;
        string domain, secret;
        await using (var before = OrderConfirmApp.Start(database, roboCall))
        {
            using var client = before.AdminClient();
            (storeId, domain, secret) = await client.CreateShopifyStoreAsync(apiBaseUrl: shop.BaseUrl);
        }

        // Shopify cannot be told 409: the delivery is taken, and the order is kept but not scheduled as if ready.
        await using var after = OrderConfirmApp.Start(database, roboCall, NoDefaults);
        using var admin = after.AdminClient();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var webhookId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await after.CreateClient().SendAsync(ShopifyWebhooks.Delivery(domain, "orders/create", ShopifyWebhooks.Order(77_041, typed), secret, webhookId))).StatusCode);
        Assert.EndsWith("needs-attention", await after.WaitForDeliveryAsync(webhookId), StringComparison.Ordinal);
        var waiting = (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={storeId}"))!["items"]![0]!;
        var id = waiting["id"]!.GetValue<long>();
        var detail = (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!;
        Assert.Equal("needs-attention", detail["status"]!.GetValue<string>());
        Assert.Contains(detail["timeline"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("cannot place calls (roboCall.apiKey", StringComparison.Ordinal));

        var key = $"store-key-{Guid.NewGuid():N}";
        roboCall.VerifyKey(key, accepted: true);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { roboCall = new { apiKey = key, voiceId = "102" } })).StatusCode);
        Assert.Equal(0, roboCall.DialCount(phone));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/verifications/{id}/redial", null)).StatusCode);

        await Eventually.WaitAsync(() => roboCall.DialCount(phone) == 1);
    }

    [Fact]
    public async Task A_redial_for_a_disabled_store_says_the_store_is_disabled()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        using var client = app.AdminClient();
        var store = await client.CreateCustomStoreAsync();
        var id = await client.SubmitOrderAsync(store, "9101", "03001234567");
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/stores/{store}", new { enabled = false })).StatusCode);

        var problem = await ProblemAsync(await client.PostAsync($"/api/verifications/{id}/redial", null), HttpStatusCode.Conflict);

        Assert.Contains($"Store {store} is disabled", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accessToken", "shpat_…")]
    [InlineData("accessToken", "shpat_")]
    [InlineData("webhookSecret", "…")]
    [InlineData("webhookSecret", "...")]
    [InlineData("webhookSecret", "changeme")]
    public async Task A_placeholder_shopify_credential_is_refused_naming_the_field(string field, string value)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Lahore Lawn", ["platform"] = "shopify", ["shopDomain"] = "lahore-lawn.myshopify.com",
            ["accessToken"] = "shpat_0123456789abcdef", ["webhookSecret"] = "whsec-real-0123",
        };
        body[field] = value;

        var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/stores", body), HttpStatusCode.BadRequest);

        Assert.Contains("placeholder", problem["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Placeholder_woocommerce_and_robo_call_keys_are_refused_naming_each_field()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();

        var response = await client.PostAsJsonAsync("/api/stores", new
        {
            name = "Karachi Kurta", platform = "woocommerce", apiBaseUrl = "https://kurta.example.pk",
            consumerKey = "ck_…", consumerSecret = "cs_", roboCall = new { apiKey = "YOUR_ROBOCALL_KEY" },
        });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "consumerKey", "consumerSecret", "roboCall.apiKey" })
        {
            Assert.NotNull(problem["errors"]![field]);
        }
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
