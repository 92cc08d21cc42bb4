using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// POST /api/stores/{id}/webhooks and the hourly ensure job against a WooCommerce store in WireMock: what the store
/// received is what is asserted.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceWebhookInstallTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string PublicBaseUrl = "https://confirm.example.pk";
    private readonly WooCommerceStoreStub _woo = new();

    // The hourly job stays out of the way (it would install first); the tests run it themselves.
    private static readonly Dictionary<string, string?> NoRecurringRuns = new()
    {
        ["Jobs:ReconcileCron"] = "0 0 1 1 *",
        ["Jobs:EnsureWebhooksCron"] = "0 0 1 1 *",
    };

    // A webhook made by hand holds a secret we cannot read back: it is given ours once (only the secret is sent).
    [Fact]
    public async Task Install_creates_only_the_missing_webhooks_with_our_url_and_secret_and_a_second_run_changes_nothing()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo);
        var ours = DeliveryUrl(storeId);
        var existing = _woo.AddWebhook("order.created", ours, secret, name: "Made in wp-admin");
        var someoneElses = _woo.AddWebhook("order.updated", "https://erp.example.pk/hooks/woo");

        var response = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new Dictionary<string, string> { ["order.created"] = "updated", ["order.updated"] = "created", ["order.deleted"] = "created" },
            await TopicsAsync(response));
        var creates = _woo.Requests("POST", "/webhooks");
        Assert.Equal(["order.deleted", "order.updated"], creates.Select(c => (string)c.Json!["topic"]!).Order());
        Assert.All(creates, c =>
        {
            Assert.Equal(ours, (string?)c.Json!["delivery_url"]);
            Assert.Equal(secret, (string?)c.Json!["secret"]);
            Assert.Equal("active", (string?)c.Json!["status"]);
            Assert.Equal(_woo.BasicAuthorization, c.Authorization);
            Assert.Equal(201, c.Status);
        });
        var given = Assert.Single(_woo.Requests("PUT", $"/webhooks/{existing.Id}"));
        Assert.Equal(["secret"], given.Json!.AsObject().Select(p => p.Key));
        Assert.Equal(secret, (string?)given.Json!["secret"]);
        Assert.Empty(_woo.Requests("PUT", $"/webhooks/{someoneElses.Id}"));
        Assert.Equal("https://erp.example.pk/hooks/woo", _woo.Webhook(someoneElses.Id)!.DeliveryUrl);
        var created = _woo.Webhooks.Where(w => w.DeliveryUrl == ours).ToList();
        Assert.Equal(["order.created", "order.deleted", "order.updated"], created.Select(w => w.Topic).Order());
        Assert.All(created, w => Assert.Equal(("active", secret), (w.Status, _woo.SecretOf(w.Id))));

        // The key check is the listing itself, of every status (a disabled webhook of ours must be found, not doubled).
        var list = _woo.Requests("GET", "/webhooks")[0];
        Assert.Equal(("all", "100"), (list.Query["status"], list.Query["per_page"]));

        var again = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.All((await TopicsAsync(again)).Values, status => Assert.Equal("existing", status));
        Assert.Equal(2, _woo.Requests("POST", "/webhooks").Count);
        Assert.Single(_woo.Requests(), r => r.Method == "PUT");
        Assert.Equal(4, _woo.Webhooks.Count);
    }

    [Fact]
    public async Task Install_follows_the_webhook_listing_over_its_pages()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo);

        // 120 webhooks of other integrations first, ours on the second page (the listing is newest first).
        _woo.AddWebhook("order.created", DeliveryUrl(storeId), secret);
        _woo.AddWebhook("order.updated", DeliveryUrl(storeId), secret);
        _woo.AddWebhook("order.deleted", DeliveryUrl(storeId), secret);
        for (var i = 0; i < 120; i++)
        {
            _woo.AddWebhook("product.updated", $"https://feeds.example.pk/{i}");
        }

        var response = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All((await TopicsAsync(response)).Values, status => Assert.Equal("updated", status)); // made by hand: given our secret
        Assert.Equal(["1", "2"], _woo.Requests("GET", "/webhooks").Select(r => r.Query["page"]));
        Assert.Empty(_woo.Requests("POST", "/webhooks"));
    }

    [Fact]
    public async Task Disabled_and_paused_webhooks_of_ours_are_reactivated_with_the_current_secret()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo);
        var ours = DeliveryUrl(storeId);
        var active = _woo.AddWebhook("order.created", ours, secret);
        var disabled = _woo.DisableWebhook(_woo.AddWebhook("order.updated", ours, "an-older-secret-0001").Id);
        var paused = _woo.PauseWebhook(_woo.AddWebhook("order.deleted", ours, "an-older-secret-0002").Id);
        var notOurs = _woo.DisableWebhook(_woo.AddWebhook("order.updated", "https://erp.example.pk/hooks/woo").Id);

        var response = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new Dictionary<string, string> { ["order.created"] = "updated", ["order.updated"] = "reactivated", ["order.deleted"] = "reactivated" },
            await TopicsAsync(response));
        Assert.Empty(_woo.Requests("POST", "/webhooks"));
        foreach (var hook in new[] { disabled, paused })
        {
            var put = Assert.Single(_woo.Requests("PUT", $"/webhooks/{hook.Id}"));
            Assert.Equal(("active", secret, ours), ((string?)put.Json!["status"], (string?)put.Json!["secret"], (string?)put.Json!["delivery_url"]));
            Assert.Equal(("active", secret), (_woo.Webhook(hook.Id)!.Status, _woo.SecretOf(hook.Id)));
        }

        Assert.Equal(["secret"], Assert.Single(_woo.Requests("PUT", $"/webhooks/{active.Id}")).Json!.AsObject().Select(p => p.Key));
        Assert.Equal("disabled", _woo.Webhook(notOurs.Id)!.Status);
        Assert.Empty(_woo.Requests("PUT", $"/webhooks/{notOurs.Id}"));
    }

    [Fact]
    public async Task The_hourly_job_reactivates_a_webhook_WooCommerce_disabled_and_recreates_a_deleted_one()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/stores/{storeId}/webhooks", null)).StatusCode);
        var hooks = _woo.Webhooks.ToDictionary(w => w.Topic);
        _woo.DisableWebhook(hooks["order.created"].Id);
        _woo.DeleteWebhook(hooks["order.deleted"].Id);

        await EnsureAsync(app);

        Assert.Equal(("active", secret), (_woo.Webhook(hooks["order.created"].Id)!.Status, _woo.SecretOf(hooks["order.created"].Id)));
        Assert.Single(_woo.Requests("PUT", $"/webhooks/{hooks["order.created"].Id}"));
        var recreated = Assert.Single(_woo.Webhooks, w => w.Topic == "order.deleted");
        Assert.Equal((DeliveryUrl(storeId), "active", secret), (recreated.DeliveryUrl, recreated.Status, _woo.SecretOf(recreated.Id)));
        Assert.Equal(3, _woo.Webhooks.Count);
        Assert.Equal(4, _woo.Requests("POST", "/webhooks").Count); // three at install, one now

        // Healthy: the next run only lists.
        var before = _woo.Requests().Count;
        await EnsureAsync(app);
        Assert.All(_woo.Requests().Skip(before), r => Assert.Equal(("GET", "/webhooks"), (r.Method, r.Path)));
    }

    [Fact]
    public async Task A_key_the_store_refuses_puts_its_hint_on_the_store_and_answers_a_problem()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);

        // A read-only key lists webhooks but may not create them.
        _woo.KeyPermissions = "read";
        var readOnly = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        await AssertRefusedAsync(readOnly, "woocommerce_rest_authentication_error");
        Assert.Contains("Read/Write", await AttentionAsync(admin, storeId), StringComparison.Ordinal);
        Assert.Empty(_woo.Webhooks);

        // A revoked key fails the listing already: nothing else is tried.
        _woo.KeyPermissions = "read_write";
        _woo.RevokeKey();
        var before = _woo.Requests().Count;
        var revoked = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        await AssertRefusedAsync(revoked, "woocommerce_rest_cannot_view");
        Assert.Contains("woocommerce_rest_cannot_view", await AttentionAsync(admin, storeId), StringComparison.Ordinal);
        Assert.Equal(("GET", "/webhooks"), (_woo.Requests().Skip(before).Single().Method, _woo.Requests().Skip(before).Single().Path));
        Assert.Empty(_woo.Webhooks);
    }

    [Fact]
    public async Task Install_needs_a_public_base_url()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoRecurringRuns);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);

        var response = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("PublicBaseUrl is not set", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        await EnsureAsync(app);
        Assert.Empty(_woo.Requests());
    }

    [Fact]
    public async Task The_activation_ping_of_each_created_webhook_reaches_the_app()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        using var receiver = app.CreateClient();
        _woo.SendPingsWith(receiver);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/stores/{storeId}/webhooks", null)).StatusCode);

        // WooCommerce pings synchronously while it creates each webhook, at the delivery URL we gave it.
        var pings = _woo.Pings;
        Assert.Equal(3, pings.Count);
        Assert.All(pings, p => Assert.Equal(DeliveryUrl(storeId), p.DeliveryUrl));
        Assert.All(pings, p => Assert.NotEqual(0, p.Status));
    }

    public void Dispose() => _woo.Dispose();

    private static string DeliveryUrl(long storeId) => $"{PublicBaseUrl}/webhooks/woocommerce/{storeId}";

    private async Task<OrderConfirmApp> StartAsync()
        => OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(NoRecurringRuns) { ["PublicBaseUrl"] = PublicBaseUrl });

    // One run of the recurring job, as Hangfire would start it.
    private static async Task EnsureAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<WooCommerceEnsureWebhooksJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    private static async Task<Dictionary<string, string>> TopicsAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonObject>())!["topics"]!.AsArray()
            .ToDictionary(t => t!["topic"]!.GetValue<string>(), t => t!["status"]!.GetValue<string>());

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(code, (string?)problem["detail"], StringComparison.Ordinal);
    }

    private static async Task<string> AttentionAsync(HttpClient admin, long storeId)
        => (string?)(await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!["attention"] ?? "";
}
