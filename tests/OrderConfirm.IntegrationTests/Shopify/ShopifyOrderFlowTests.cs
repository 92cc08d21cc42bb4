using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Shopify;

/// What each topic does once its delivery is processed: late, duplicated and out-of-order deliveries included.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyOrderFlowTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly ShopifyAdminStub _shop = new ShopifyAdminStub().MutationsSucceed();
    private static long _orders = 5_550_000_000;

    [Fact]
    public async Task Cod_order_is_called_and_confirmed_with_the_shipping_phone_and_presentment_amount()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync("Lahore Lawn", apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var orderId = NextOrder();

        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(orderId, typed, amount: "4599.50"));
        var verification = await admin.WaitForOrderAsync(store.StoreId, orderId);
        var done = await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");

        Assert.Equal(4599.50m, done["amount"]!.GetValue<decimal>());
        Assert.Equal($"#{orderId % 100_000}", done["orderName"]!.GetValue<string>());
        var dial = Assert.Single(roboCall.Requests("/api/calls", "caller_id", phone));
        Assert.Equal("4600", RoboCallStub.Query(dial, "amount"));
        Assert.Equal("Lahore Lawn", RoboCallStub.Query(dial, "text1"));
    }

    [Fact]
    public async Task Webhook_intake_works_on_the_embedded_sqlite_mode()
    {
        await using var app = OrderConfirmApp.Start(postgres: null, roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var orderId = NextOrder();
        var body = ShopifyWebhooks.Order(orderId, typed);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SendAsync(shopify, store, "orders/create", body)));
        var verification = await admin.WaitForOrderAsync(store.StoreId, orderId);
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");

        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Duplicate_deliveries_make_one_verification_and_one_dial()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var orderId = NextOrder();
        var body = ShopifyWebhooks.Order(orderId, typed);

        // A retry (same webhook id, sent concurrently) and a second subscription's delivery (new id) of one order.
        var sameId = Guid.NewGuid().ToString();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync(shopify, store, "orders/create", body, sameId)));
        await SendAsync(shopify, store, "orders/create", body);
        var verification = await admin.WaitForOrderAsync(store.StoreId, orderId);
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(1, roboCall.DialCount(phone));
        var page = await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={store.StoreId}");
        Assert.Single(page!["items"]!.AsArray());
    }

    [Fact]
    public async Task Cancel_that_arrives_before_its_create_means_no_call()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var orderId = NextOrder();

        var cancel = await SendAsync(shopify, store, "orders/cancelled", ShopifyWebhooks.Order(orderId, typed, cancelledAt: "2026-11-22T10:05:00+05:00"));
        await app.WaitForDeliveryAsync(cancel);
        // The create is a stale snapshot: it still shows the order open.
        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(orderId, typed));
        var verification = await admin.WaitForOrderAsync(store.StoreId, orderId);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal("skipped", verification["status"]!.GetValue<string>());
        Assert.Contains("cancelled", verification["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Order_cancelled_or_fulfilled_before_the_call_stops_it()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "00:00:05" });
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (first, firstTyped) = RoboCallStub.NewPhone();
        var (second, secondTyped) = RoboCallStub.NewPhone();
        var cancelledOrder = NextOrder();
        var fulfilledOrder = NextOrder();

        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(cancelledOrder, firstTyped));
        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(fulfilledOrder, secondTyped));
        await admin.WaitForOrderAsync(store.StoreId, cancelledOrder);
        await admin.WaitForOrderAsync(store.StoreId, fulfilledOrder);
        await app.WaitForDeliveryAsync(await SendAsync(shopify, store, "orders/cancelled", ShopifyWebhooks.Order(cancelledOrder, firstTyped, cancelledAt: "2026-11-22T10:05:00+05:00")));
        await app.WaitForDeliveryAsync(await SendAsync(shopify, store, "orders/updated", ShopifyWebhooks.Order(fulfilledOrder, secondTyped, fulfillment: "fulfilled")));
        await Task.Delay(TimeSpan.FromSeconds(6));

        var stoppedCancelled = await admin.WaitForOrderAsync(store.StoreId, cancelledOrder);
        var stoppedFulfilled = await admin.WaitForOrderAsync(store.StoreId, fulfilledOrder);
        Assert.Equal("skipped", stoppedCancelled["status"]!.GetValue<string>());
        Assert.Equal("skipped", stoppedFulfilled["status"]!.GetValue<string>());
        Assert.Contains("fulfilled", stoppedFulfilled["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(first) + roboCall.DialCount(second));
    }

    [Fact]
    public async Task Non_cod_test_and_out_of_range_orders_are_not_called()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl, settings: new { maxAmount = 50_000, codGatewayNames = new[] { "cash on delivery (cod)", "COD" } });
        var (phone, typed) = RoboCallStub.NewPhone();
        var (prepaid, test, expensive) = (NextOrder(), NextOrder(), NextOrder());

        var prepaidDelivery = await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(prepaid, typed, cod: false));
        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(test, typed, test: true));
        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(expensive, typed, amount: "75000.00"));

        Assert.Equal("not a COD order", await app.WaitForDeliveryAsync(prepaidDelivery));
        Assert.Equal("Test order", (await admin.WaitForOrderAsync(store.StoreId, test))["reason"]!.GetValue<string>());
        Assert.StartsWith("Amount above", (await admin.WaitForOrderAsync(store.StoreId, expensive))["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Compliance_and_uninstall_topics_do_what_shopify_asks()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:CallDelay"] = "01:00:00" });
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var (_, typed) = RoboCallStub.NewPhone();
        var orderId = NextOrder();
        await SendAsync(shopify, store, "orders/create", ShopifyWebhooks.Order(orderId, typed));
        var verification = await admin.WaitForOrderAsync(store.StoreId, orderId);
        Assert.NotNull(verification["phone"]?.GetValue<string>());

        var dataRequest = await SendAsync(shopify, store, "customers/data_request", $$"""{"shop_id": 1, "shop_domain": "{{store.Domain}}", "customer": {"id": 115310627314723954}, "orders_requested": [{{orderId}}], "data_request": {"id": 9999} }""");
        Assert.StartsWith("data request 9999", await app.WaitForDeliveryAsync(dataRequest), StringComparison.Ordinal);

        var redact = await SendAsync(shopify, store, "customers/redact", $$"""{"shop_id": 1, "shop_domain": "{{store.Domain}}", "customer": {"id": 115310627314723954}, "orders_to_redact": [{{orderId}}]}""");
        await app.WaitForDeliveryAsync(redact);
        var erased = await admin.GetVerificationAsync(verification["id"]!.GetValue<long>());
        Assert.Null(erased["phone"]);
        Assert.Contains("redacted", erased.TimelineKinds());

        await app.WaitForDeliveryAsync(await SendAsync(shopify, store, "app/uninstalled", $$"""{"id": 1, "domain": "{{store.Domain}}"}"""));
        var disabled = await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{store.StoreId}");
        Assert.False(disabled!["enabled"]!.GetValue<bool>());

        // shop/redact comes 48 hours after uninstall, still signed: everything for the shop goes, its deliveries too.
        await SendAsync(shopify, store, "shop/redact", $$"""{"shop_id": 1, "shop_domain": "{{store.Domain}}"}""");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await admin.GetAsync($"/api/stores/{store.StoreId}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "shop/redact did not erase the store");
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/verifications/{verification["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Unsigned_compliance_webhook_is_401()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        using var shopify = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);

        var response = await shopify.SendAsync(ShopifyWebhooks.Delivery(store.Domain, "shop/redact", "{}", "wrong-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/stores/{store.StoreId}")).StatusCode);
    }

    public void Dispose() => _shop.Dispose();

    // The shop knows every order a test creates (an unknown id reads as deleted, as in Shopify).
    private long NextOrder()
    {
        var id = Interlocked.Increment(ref _orders);
        _shop.Order(id);
        return id;
    }

    private static async Task<string> SendAsync(HttpClient client, (long StoreId, string Domain, string Secret) store, string topic, string body, string? webhookId = null)
    {
        webhookId ??= Guid.NewGuid().ToString();
        using var request = ShopifyWebhooks.Delivery(store.Domain, topic, body, store.Secret, webhookId);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return webhookId;
    }
}
