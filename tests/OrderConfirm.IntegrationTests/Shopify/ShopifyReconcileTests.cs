using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Shopify;
using OrderConfirm.Stores;

namespace OrderConfirm.IntegrationTests.Shopify;

[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyReconcileTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly ShopifyAdminStub _shop = new ShopifyAdminStub().OrderIs().MutationsSucceed();

    [Fact]
    public async Task Reconciliation_takes_in_the_cod_order_whose_webhook_never_came()
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        _shop.Answer("RecentOrders", new
        {
            data = new
            {
                orders = new
                {
                    nodes = new object[]
                    {
                        Order(9_100_000_001, typed, ["Cash on Delivery (COD)"], []),          // missed webhook: take it
                        Order(9_100_000_002, typed, ["Cash on Delivery (COD)"], ["cod-pending"]), // already ours
                        Order(9_100_000_003, typed, ["Shopify Payments"], []),                 // prepaid
                    },
                    pageInfo = new { hasNextPage = false, endCursor = (string?)null },
                },
            },
        });
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var created = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);

        await using var scope = app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<ReconcileOrdersJob>(scope.ServiceProvider);
        var store = (await scope.ServiceProvider.GetRequiredService<StoreRepository>().GetAsync(created.StoreId, CancellationToken.None))!;
        var first = await job.ReconcileAsync(store, CancellationToken.None);
        var second = await job.ReconcileAsync(store, CancellationToken.None);

        Assert.Equal((3, 1, (string?)null), first);
        Assert.Equal((3, 0, (string?)null), second); // nothing twice
        var page = await admin.GetFromJsonAsync<JsonObject>($"/api/verifications?storeId={created.StoreId}");
        var verification = Assert.Single(page!["items"]!.AsArray());
        Assert.Equal("9100000001", verification!["orderId"]!.GetValue<string>());
        await admin.WaitForStatusAsync(verification["id"]!.GetValue<long>(), "confirmed");
        Assert.Equal(1, roboCall.DialCount(phone));
        var search = ShopifyAdminStub.Variables(_shop.Operations("query RecentOrders")[0]).GetProperty("q").GetString();
        Assert.Contains("status:open", search, StringComparison.Ordinal);
        Assert.Contains("tag_not:cod-pending", search, StringComparison.Ordinal);
    }

    public void Dispose() => _shop.Dispose();

    private static object Order(long id, string phone, string[] gateways, string[] tags) => new
    {
        id = $"gid://shopify/Order/{id}",
        legacyResourceId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        name = $"#{id % 10_000}",
        createdAt = "2026-11-22T09:00:00Z",
        cancelledAt = (string?)null,
        closed = false,
        test = false,
        tags,
        paymentGatewayNames = gateways,
        phone = (string?)null,
        shippingAddress = new { phone, name = "Ayesha Khan" },
        billingAddress = new { phone = (string?)null },
        customer = new { firstName = "Ayesha", lastName = "Khan", defaultPhoneNumber = (object?)null },
        totalPriceSet = new { shopMoney = new { amount = "2999.00", currencyCode = "PKR" }, presentmentMoney = new { amount = "2999.00", currencyCode = "PKR" } },
    };
}
