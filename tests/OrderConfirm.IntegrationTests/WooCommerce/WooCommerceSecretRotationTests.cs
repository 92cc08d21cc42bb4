using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Stores;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// A rotated webhook secret must reach WooCommerce (PUT webhooks/{id}), and every delivery WooCommerce signs — with
/// whatever secret its webhook holds at that moment — must still be accepted: through two rotations, an install, the
/// hourly ensure job, and rotations while WooCommerce cannot be reached. The stub signs each delivery with the secret
/// its webhook was last given, as WC_Webhook::deliver does.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceSecretRotationTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string PublicBaseUrl = "https://confirm.example.pk";
    private readonly WooCommerceStoreStub _woo = new();
    private readonly SkewedClock _clock = new();

    [Fact]
    public async Task Every_rotation_reaches_the_webhooks_and_no_delivery_is_refused_even_when_WooCommerce_was_down()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, first) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { callDelay = "01:00:00", holdAtIntake = false });
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/stores/{storeId}/webhooks", null)).StatusCode);
        await AssertWebhooksHoldAsync(app, storeId, first);

        // Two rotations: each one is sent to every webhook of ours before the PATCH answers.
        var second = NewSecret();
        var rotation = await RotateAsync(admin, storeId, second);
        await AssertWebhooksHoldAsync(app, storeId, second);
        Assert.Equal(3, _woo.Requests().Count(r => r.Method == "PUT" && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal)));
        Assert.True((bool?)rotation?["succeeded"]);

        var third = NewSecret();
        rotation = await RotateAsync(admin, storeId, third);
        await AssertWebhooksHoldAsync(app, storeId, third);
        Assert.True((bool?)rotation?["succeeded"]);

        // The ensure job finds nothing to repair: it only lists.
        var before = _woo.Requests().Count;
        await EnsureAsync(app);
        Assert.All(_woo.Requests().Skip(before), r => Assert.Equal(("GET", "/webhooks"), (r.Method, r.Path)));
        await AssertWebhooksHoldAsync(app, storeId, third);

        // WooCommerce is down for two rotations: its webhooks keep signing with the third secret, which is now neither
        // the current nor the previous one, and must still be accepted.
        _woo.Unreachable = true;
        var fourth = NewSecret();
        var unreached = await RotateAsync(admin, storeId, fourth);
        await AssertWebhooksHoldAsync(app, storeId, third);
        Assert.False((bool?)unreached?["succeeded"]);
        var fifth = NewSecret();
        unreached = await RotateAsync(admin, storeId, fifth);
        await AssertWebhooksHoldAsync(app, storeId, third);
        Assert.False((bool?)unreached?["succeeded"]);

        // However long the shop stays down.
        _clock.Jump(TimeSpan.FromHours(6));
        await AssertWebhooksHoldAsync(app, storeId, third);

        // Back up: the hourly job gives every webhook the current secret.
        _woo.Unreachable = false;
        await EnsureAsync(app);
        await AssertWebhooksHoldAsync(app, storeId, fifth);

        // A delivery WooCommerce signed with the third secret just before the PUT may still be on its way: accepted for
        // a grace time. A secret we never had is not.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(app, storeId, third));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(app, storeId, NewSecret()));

        // After the grace time only the current and the previous secret are left.
        _clock.Jump(WooCommerceWebhookSecrets.InFlightGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK],
            await Task.WhenAll(new[] { first, second, third, fourth, fifth }.Select(s => SendAsync(app, storeId, s))));

        // Healthy again: the next run only lists.
        before = _woo.Requests().Count;
        await EnsureAsync(app);
        Assert.All(_woo.Requests().Skip(before), r => Assert.Equal(("GET", "/webhooks"), (r.Method, r.Path)));
    }

    [Fact]
    public async Task A_webhook_given_a_secret_we_did_not_set_is_repaired_by_the_hourly_job()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { callDelay = "01:00:00", holdAtIntake = false });
        var ours = $"{PublicBaseUrl}/webhooks/woocommerce/{storeId}";

        // Made by hand in wp-admin with a typo in the secret, and an action webhook of ours the installer does not make.
        var typo = _woo.AddWebhook("order.created", ours, secret + "x");
        var action = _woo.AddWebhook("action.woocommerce_trash_order", ours, "an-old-secret-0123456789");
        var someoneElses = _woo.AddWebhook("order.updated", "https://erp.example.pk/hooks/woo", "the-erp-secret-0123456789");

        await EnsureAsync(app);

        Assert.Equal((secret, secret), (_woo.SecretOf(typo.Id), _woo.SecretOf(action.Id)));
        Assert.Equal("the-erp-secret-0123456789", _woo.SecretOf(someoneElses.Id));
        Assert.Empty(_woo.Requests("PUT", $"/webhooks/{someoneElses.Id}"));
        await AssertWebhooksHoldAsync(app, storeId, secret);

        // Given once: the next run only lists.
        var before = _woo.Requests().Count;
        await EnsureAsync(app);
        Assert.All(_woo.Requests().Skip(before), r => Assert.Equal(("GET", "/webhooks"), (r.Method, r.Path)));
    }

    [Fact]
    public async Task A_secret_rotated_by_another_instance_is_accepted_at_once()
    {
        await using var app = await StartAsync();
        using var admin = app.AdminClient();
        var (storeId, secret) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { callDelay = "01:00:00", holdAtIntake = false });
        Assert.Equal(HttpStatusCode.OK, await SendAsync(app, storeId, secret)); // this instance now caches the keys

        // Another replica rotates the secret and PUTs it to WooCommerce: this instance's cache has not heard of it.
        var rotated = NewSecret();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stores = scope.ServiceProvider.GetRequiredService<StoreRepository>();
            var store = (await stores.GetAsync(storeId, CancellationToken.None))!;
            await stores.UpdateAsync(store with { Secrets = store.Secrets with { WebhookSecret = rotated, PreviousWebhookSecret = secret } }, CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(app, storeId, rotated));
    }

    public void Dispose() => _woo.Dispose();

    private static string NewSecret()
    {
        var secret = $"wcwh{Guid.NewGuid():N}";
        LeakScan.Secret(secret);
        return secret;
    }

    // Every webhook of ours in the store holds the secret, and a delivery of each (as the store would send it now,
    // signed with what the webhook holds) is accepted.
    private async Task AssertWebhooksHoldAsync(OrderConfirmApp app, long storeId, string secret)
    {
        var ours = _woo.Webhooks.Where(w => w.DeliveryUrl == $"{PublicBaseUrl}/webhooks/woocommerce/{storeId}").ToList();
        Assert.NotEmpty(ours);
        using var client = app.CreateClient();
        foreach (var hook in ours)
        {
            Assert.Equal(secret, _woo.SecretOf(hook.Id));
            if (hook.Status != "active" || !hook.Topic.StartsWith("order.", StringComparison.Ordinal))
            {
                continue;
            }

            var order = _woo.AddOrder();
            using var delivery = _woo.Delivery(hook.Id, order.Id);
            var response = await client.SendAsync(delivery);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{hook.Topic} webhook {hook.Id}: {(int)response.StatusCode}");
        }
    }

    private static async Task<HttpStatusCode> SendAsync(OrderConfirmApp app, long storeId, string secret)
    {
        using var client = app.CreateClient();
        using var request = WooCommerceWebhooks.Delivery(storeId, "order.deleted", WooCommerceWebhooks.Deleted(Random.Shared.NextInt64(100_000, 999_999)), secret);
        return (await client.SendAsync(request)).StatusCode;
    }

    // PATCH webhookSecret; the answer's webhookSecretRotation says whether it reached every webhook of ours.
    private static async Task<JsonObject?> RotateAsync(HttpClient admin, long storeId, string secret)
    {
        var response = await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { webhookSecret = secret });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return store["webhookSecretRotation"]?.AsObject();
    }

    private async Task<OrderConfirmApp> StartAsync()
        => OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?>
            {
                ["PublicBaseUrl"] = PublicBaseUrl,
                ["Jobs:ReconcileCron"] = "0 0 1 1 *",
                ["Jobs:EnsureWebhooksCron"] = "0 0 1 1 *",
                ["WooCommerce:RetryDelay"] = "00:00:00.020",
            },
            s => s.AddSingleton<TimeProvider>(_clock));

    private static async Task EnsureAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<WooCommerceEnsureWebhooksJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }
}
