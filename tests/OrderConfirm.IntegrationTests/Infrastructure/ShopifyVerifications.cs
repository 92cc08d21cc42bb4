namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A Shopify order under verification: the verification's id, the shop's order id and the customer's phone.
public sealed record ShopifyVerification(long Id, long OrderId, string Phone);

public static class ShopifyVerifications
{
    private static long _orders = 6_670_000_000;

    /// An order id no other test has used.
    public static long NextShopifyOrderId() => Interlocked.Increment(ref _orders);

    /// A new store on the stub shop, and the order delivered to it by its orders/create webhook, as Shopify sends it.
    /// The call is accepted and ends as the sequence says (none: Robo Call's default). The order is not registered in
    /// the shop here: the test says whether the shop knows it, and in which state.
    public static async Task<ShopifyVerification> DeliverShopifyOrderAsync(this OrderConfirmApp app, ShopifyAdminStub shop, RoboCallStub roboCall, long orderId,
        params (object Status, object? Dtmf, object? Retry)[] call)
    {
        using var admin = app.AdminClient();
        var store = await admin.CreateShopifyStoreAsync(apiBaseUrl: shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        if (call.Length > 0)
        {
            roboCall.CallStatuses(RoboCallStub.CallId(phone), call);
        }

        using var shopify = app.CreateClient();
        using var request = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret);
        (await shopify.SendAsync(request)).EnsureSuccessStatusCode();
        var id = (await admin.WaitForOrderAsync(store.StoreId))["id"]!.GetValue<long>();
        return new ShopifyVerification(id, orderId, phone);
    }

    /// An open order the shop knows, delivered, and a call answered at once with this key (none: no input).
    public static Task<ShopifyVerification> VerifyShopifyOrderAsync(this OrderConfirmApp app, ShopifyAdminStub shop, RoboCallStub roboCall, int? dtmf)
    {
        var orderId = NextShopifyOrderId();
        shop.Order(orderId);
        return app.DeliverShopifyOrderAsync(shop, roboCall, orderId, (2, dtmf, 0));
    }
}
