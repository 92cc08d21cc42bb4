using System.Globalization;
using System.Text.Json;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.DemoShop;

/// A customer checks out at the demo shop: the order goes into the shop's book, and the shop tells the service as a
/// shop's webhook would, into the durable webhook inbox (the step after a real receiver's signature check), from
/// where the processor hands it to DemoShopWebhookHandler.
public sealed class DemoShopCheckout(DemoShopOrders orders, WebhookInbox inbox)
{
    public async Task<DemoShopOrder> PlaceAsync(long storeId, decimal amount, string currency, string phone, string? customer, CancellationToken cancellationToken)
    {
        var masked = PakistaniMobile.TryNormalize(phone, out var normalized) ? PakistaniMobile.Mask(normalized) : null;
        var order = await orders.AddAsync(storeId, amount, currency, masked, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(new DemoShopDelivery(order.Id, order.Name, amount, currency, phone, customer), DemoShopDelivery.Json);
        var deliveryId = string.Create(CultureInfo.InvariantCulture, $"order-{order.Id}");
        await inbox.StoreAsync(new InboundDelivery(DemoShopPlatform.Key, deliveryId, storeId, DemoShopWebhookHandler.OrderCreated, body), cancellationToken);
        return order;
    }
}
