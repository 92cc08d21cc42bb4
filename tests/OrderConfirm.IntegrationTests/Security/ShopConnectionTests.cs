using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Security;

namespace OrderConfirm.IntegrationTests.Security;

/// The address a shop request connects to is checked when it connects, not only when the store was saved: a name can
/// resolve elsewhere later (DNS rebinding), and a store saved before the rules, or while an operator allowed it, keeps
/// its URL. Each test saves a store whose URL points at this machine (the WireMock shop) on a host that allows it, then
/// starts the service again on the same database without that setting: the shop must not see a single request, and the
/// refusal is a non-retried, clear failure of that request.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopConnectionTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string PublicBaseUrl = "https://confirm.example.pk";
    private static long _orders = 7_770_000_000;
    private readonly ShopifyAdminStub _shopify = new();
    private readonly WooCommerceStoreStub _woo = new();

    // Plain http stays allowed: the stubs only speak http, and these tests are about the address.
    private static readonly Dictionary<string, string?> PrivateRefused = new()
    {
        ["Outbound:AllowPrivateShopAddresses"] = "false",
        ["PublicBaseUrl"] = PublicBaseUrl,
        ["Jobs:ReconcileCron"] = "0 0 1 1 *",
        ["Jobs:EnsureWebhooksCron"] = "0 0 1 1 *",
    };

    [Fact]
    public async Task A_woocommerce_store_on_localhost_saved_earlier_is_refused_when_connecting_and_not_retried()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (storeId, _) = await SavedEarlierAsync(database, admin => admin.CreateWooCommerceStoreAsync(_woo), UseLocalhost(_woo.BaseUrl));
        var before = _woo.Requests().Count;

        await using var app = OrderConfirmApp.Start(database, roboCall, PrivateRefused);
        using var admin = app.AdminClient();
        var response = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Contains("loopback", detail, StringComparison.Ordinal);
        Assert.Contains("Outbound:AllowPrivateShopAddresses", detail, StringComparison.Ordinal);
        Assert.Equal(before, _woo.Requests().Count);
        Assert.Single(Refusals(app)); // one request, one refusal: the reads' retries do not try again
        Assert.Contains("loopback", (await admin.StoreAsync(storeId))["attention"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // The store's name was public when it was saved; now it resolves to this machine (a DNS record changed).
    [Fact]
    public async Task A_shopify_write_back_to_a_name_that_now_resolves_to_loopback_is_refused_and_needs_attention_at_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var rebound = new UriBuilder(_shopify.BaseUrl) { Host = "admin.rebound-shop.example.pk" }.Uri.ToString();
        var (storeId, domain, secret) = await SavedEarlierAsync(database, admin => admin.CreateShopifyStoreAsync(apiBaseUrl: rebound), rebound);
        var before = _shopify.Server.LogEntries.Count;

        await using var app = OrderConfirmApp.Start(database, roboCall, PrivateRefused, services =>
            services.AddSingleton<IShopHostResolver>(new RecordsResolver("admin.rebound-shop.example.pk", IPAddress.Loopback)));
        using var admin = app.AdminClient();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var orderId = Interlocked.Increment(ref _orders);
        _shopify.Order(orderId).MutationsSucceed();
        using var shopify = app.CreateClient();
        using var delivery = ShopifyWebhooks.Delivery(domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), secret);
        (await shopify.SendAsync(delivery)).EnsureSuccessStatusCode();
        var id = (await admin.WaitForOrderAsync(storeId))["id"]!.GetValue<long>();

        var failed = await admin.WaitForStatusAsync(id, "needs-attention");

        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());
        Assert.Contains("loopback", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("write-back-retry", failed.TimelineKinds());
        Assert.Equal(before, _shopify.Server.LogEntries.Count);
        Assert.Equal(1, roboCall.DialCount(phone)); // a shop that cannot be read does not stop the call
        Assert.Contains("loopback", (await admin.StoreAsync(storeId))["attention"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_store_saved_earlier_is_refused_when_connecting()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (storeId, _) = await SavedEarlierAsync(database, admin => admin.CreateWooCommerceStoreAsync(_woo), _woo.BaseUrl);
        var before = _woo.Requests().Count;

        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?>(PrivateRefused)
        {
            ["Outbound:AllowPrivateShopAddresses"] = "true",
            ["Outbound:AllowPlainHttp"] = "false",
        });
        using var admin = app.AdminClient();
        var response = await admin.PostAsync($"/api/stores/{storeId}/webhooks", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Contains("plain http", detail, StringComparison.Ordinal);
        Assert.Contains("Outbound:AllowPlainHttp", detail, StringComparison.Ordinal);
        Assert.Equal(before, _woo.Requests().Count);
    }

    [Theory]
    [InlineData(OrderConfirm.Shopify.ShopifyAdminClient.HttpClientName)]
    [InlineData(OrderConfirm.WooCommerce.WooCommerceClient.ReadsClient)]
    [InlineData(OrderConfirm.WooCommerce.WooCommerceClient.CreatesClient)]
    public async Task Every_shop_client_connects_through_the_guard_without_a_proxy(string client)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        HttpMessageHandler handler = app.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.NotNull(sockets.ConnectCallback);
        Assert.False(sockets.UseProxy);
    }

    public void Dispose()
    {
        _shopify.Dispose();
        _woo.Dispose();
    }

    // The store is saved by a host that allows shops on this machine, which is then stopped.
    private async Task<T> SavedEarlierAsync<T>(string database, Func<HttpClient, Task<T>> create, string apiBaseUrl)
    {
        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?>(PrivateRefused) { ["Outbound:AllowPrivateShopAddresses"] = "true" });
        using var admin = app.AdminClient();
        var created = await create(admin);
        var id = created switch
        {
            ValueTuple<long, string> woo => woo.Item1,
            ValueTuple<long, string, string> shop => shop.Item1,
            _ => throw new InvalidOperationException("unexpected store"),
        };
        (await admin.PatchAsJsonAsync($"/api/stores/{id}", new { apiBaseUrl })).EnsureSuccessStatusCode();
        return created;
    }

    // A resolver that knows one name.
    private sealed class RecordsResolver(string host, params IPAddress[] addresses) : IShopHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
            => string.Equals(name, host, StringComparison.OrdinalIgnoreCase) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(name, cancellationToken);
    }

    // The shop by name: the name resolves to this machine when connecting.
    private static string UseLocalhost(string url) => new UriBuilder(url) { Host = "localhost" }.Uri.ToString().TrimEnd('/');

    private static List<string> Refusals(OrderConfirmApp app)
        => [.. app.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Refused to connect", StringComparison.Ordinal))];
}
