using System.Globalization;
using System.Text.Json;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Shopify;

/// What each Shopify topic means for us, applied in the background from the stored delivery.
public sealed partial class ShopifyWebhookHandler(
    ShopifyOrderIntake orderIntake,
    VerificationRepository verifications,
    StoreRepository stores,
    ShopOrders shopOrders,
    ShopifyStoreDirectory directory,
    ILogger<ShopifyWebhookHandler> logger) : IWebhookHandler
{
    // The mark app/uninstalled leaves on the store; shop/redact (sent 48 hours after an uninstall) requires it.
    internal const string UninstalledReason = "the app was uninstalled from the shop";

    public async Task<string> HandleAsync(Store store, string topic, string body, CancellationToken cancellationToken)
    {
        if (ShopifyWebhookBodies.Mismatch(topic, body, store.ShopDomain) is { } mismatch)
        {
            // A signed body under another topic's header (a replay), or another shop's body: nothing may change.
            LogBodyMismatch(logger, store.Id, topic, mismatch);
            return $"ignored: body does not match topic {topic} ({mismatch})";
        }

        switch (topic)
        {
            case "orders/create":
                return await orderIntake.TakeAsync(store, ShopifyOrderFacts.FromWebhook(Parse<ShopifyOrderPayload>(body)), cancellationToken);
            case "orders/updated" or "orders/cancelled":
                return await OrderChangedAsync(store, Parse<ShopifyOrderPayload>(body), cancellationToken);
            case "app/uninstalled":
                await stores.UpdateAsync(store with { Enabled = false, DisabledReason = UninstalledReason }, cancellationToken);
                directory.Forget(store.ShopDomain);
                return "store disabled: app uninstalled";
            case "customers/data_request":
                var request = Parse<ShopifyDataRequest>(body);
                LogDataRequest(logger, store.Id, request.DataRequest?.Id, request.OrdersRequested?.Count ?? 0);
                return $"data request {request.DataRequest?.Id} recorded for {request.OrdersRequested?.Count ?? 0} orders";
            case "customers/redact":
                var redact = Parse<ShopifyCustomerRedact>(body);
                var orders = (redact.OrdersToRedact ?? []).Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
                var erased = await verifications.EraseCustomerAsync(store.Id, orders, cancellationToken);
                return $"customer data erased from {erased} verifications";
            case "shop/redact":
                // Shopify sends it 48 hours after an uninstall, so for a store we still serve it can only be a replay
                // or a mistake: erasing a live store cannot be undone, keeping it can (DELETE /api/stores/{id}).
                if (store.Enabled || store.DisabledReason != UninstalledReason)
                {
                    LogRedactWhileInstalled(logger, store.Id);
                    return "ignored: shop/redact for a store that is still installed (no app/uninstalled was applied)";
                }

                // Everything we hold for this shop goes (its deliveries and verifications cascade).
                await stores.DeleteAsync(store.Id, cancellationToken);
                directory.Forget(store.ShopDomain);
                return "shop data erased";
            default:
                return $"topic {topic} not used";
        }
    }

    // orders/create, orders/updated and orders/cancelled of one order run in arrival order; the rest is store-wide.
    public string? OrderKeyOf(string topic, string body)
        => topic.StartsWith("orders/", StringComparison.Ordinal) ? WebhookOrderKeys.Read(body, "id") : null;

    private async Task<string> OrderChangedAsync(Store store, ShopifyOrderPayload order, CancellationToken cancellationToken)
    {
        var reason = order.CancelledAt is not null ? "cancelled"
            : string.Equals(order.FulfillmentStatus, "fulfilled", StringComparison.OrdinalIgnoreCase) ? "fulfilled"
            : order.ClosedAt is not null ? "closed"
            : null;
        if (reason is null)
        {
            return "order still open";
        }

        var orderId = order.Id.ToString(CultureInfo.InvariantCulture);
        await shopOrders.MarkClosedAsync(store.Id, orderId, reason, cancellationToken);
        var verification = await verifications.FindByOrderAsync(store.Id, orderId, cancellationToken);
        if (verification is null)
        {
            return $"order {reason} before its verification arrived; it will not be called";
        }

        return await verifications.StopAsync(verification.Id, $"The order was {reason} in the shop before the call", cancellationToken)
            ? $"verification {verification.Id} stopped: order {reason}"
            : $"verification {verification.Id} is past its call ({verification.Status}); order {reason}";
    }

    private static T Parse<T>(string body) => JsonSerializer.Deserialize<T>(body, ShopifyOrderPayload.Json)
        ?? throw new JsonException("The body is JSON null.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shopify delivery for store {StoreId} ignored: its body does not match topic {Topic} ({Mismatch})")]
    private static partial void LogBodyMismatch(ILogger logger, long storeId, string topic, string mismatch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shopify shop/redact for store {StoreId} ignored: the store is still installed. If the shop really uninstalled the app, delete the store (DELETE /api/stores/{StoreId})")]
    private static partial void LogRedactWhileInstalled(ILogger logger, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shopify data request {RequestId} for store {StoreId} covering {Orders} orders recorded")]
    private static partial void LogDataRequest(ILogger logger, long storeId, long? requestId, int orders);
}
