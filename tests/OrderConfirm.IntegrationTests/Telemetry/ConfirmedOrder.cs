using System.Net;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Telemetry;

/// One Shopify order run end to end for the telemetry tests: the shop knows it, Robo Call takes the call and the
/// customer presses 1; its signed webhook is sent (with the shop's traceparent when given) and the verification is
/// waited for until it is confirmed.
internal sealed record ConfirmedOrder(long VerificationId, string Phone, string Typed)
{
    public static async Task<ConfirmedOrder> RunAsync(
        OrderConfirmApp app, RoboCallStub roboCall, ShopifyAdminStub shop, (long StoreId, string Domain, string Secret) store, string? traceparent = null)
    {
        using var admin = app.AdminClient();
        using var client = app.CreateClient();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var orderId = 5_560_000_000 + Random.Shared.Next(10_000_000);
        shop.Order(orderId);
        using (var delivery = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret))
        {
            if (traceparent is not null)
            {
                delivery.Headers.Add("traceparent", traceparent);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(delivery)).StatusCode);
        }

        var id = (await admin.WaitForOrderAsync(store.StoreId, orderId))["id"]!.GetValue<long>();
        await admin.WaitForStatusAsync(id, "confirmed");
        return new ConfirmedOrder(id, phone, typed);
    }
}
