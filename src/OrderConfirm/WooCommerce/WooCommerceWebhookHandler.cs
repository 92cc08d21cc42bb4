using System.Globalization;
using System.Text.Json;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.WooCommerce;

/// What each WooCommerce topic means for us, applied in the background from the stored delivery.
public sealed partial class WooCommerceWebhookHandler(
    WooCommerceOrderIntake orderIntake,
    WooCommerceOrderReopen reopen,
    VerificationRepository verifications,
    ShopOrders shopOrders,
    ILogger<WooCommerceWebhookHandler> logger) : IWebhookHandler
{

    public async Task<string> HandleAsync(Store store, string topic, string body, CancellationToken cancellationToken)
    {
        if (WooCommerceWebhookBodies.Mismatch(topic, body) is { } mismatch)
        {
            // A signed body under another topic's header (a replay), or an error object instead of an order.
            LogBodyMismatch(logger, store.Id, topic, mismatch);
            return $"ignored: body does not match topic {topic} ({mismatch})";
        }

        switch (topic)
        {
            // order.restored carries the order as it is after the restore, like order.updated.
            case "order.created" or "order.updated" or "order.restored":
                return await OrderAsync(store, JsonSerializer.Deserialize<WooCommerceOrder>(body, WooCommerceClient.Json) ?? throw new JsonException("The body is JSON null."), cancellationToken);
            case "order.deleted":
                using (var deleted = JsonDocument.Parse(body))
                {
                    return await GoneAsync(store, deleted.RootElement.GetProperty("id").GetInt64(), cancellationToken);
                }

            case "action.woocommerce_delete_order" or "action.woocommerce_trash_order":
                using (var action = JsonDocument.Parse(body))
                {
                    WooCommerceWebhookBodies.TryGetArg(action.RootElement, out var orderId);
                    return await GoneAsync(store, orderId, cancellationToken);
                }

            default:
                return $"topic {topic} not used";
        }
    }

    // An order's created, updated, restored, deleted and trashed deliveries run in arrival order (a trash action
    // names the order in arg); the rest is store-wide.
    public string? OrderKeyOf(string topic, string body) => topic switch
    {
        "order.created" or "order.updated" or "order.restored" or "order.deleted" => WebhookOrderKeys.Read(body, "id"),
        "action.woocommerce_delete_order" or "action.woocommerce_trash_order" => WebhookOrderKeys.Read(body, "arg"),
        _ => null,
    };

    private async Task<string> OrderAsync(Store store, WooCommerceOrder order, CancellationToken cancellationToken)
    {
        var orderId = order.Id.ToString(CultureInfo.InvariantCulture);
        var status = WooCommerceOrderIntake.StatusOf(order);

        // Open in this copy but closed here: reopened by the merchant, or a copy from before the close. Decided before
        // the echo check, since a reopened order still carries our pending mark from before its close.
        if (await reopen.TryAsync(store, order, cancellationToken) is { } reopening)
        {
            // Not reopened: the intake records the order as skipped if it has no verification yet, as before.
            return $"{reopening.Result}; {await orderIntake.TakeAsync(store, order, cancellationToken)}";
        }

        var verification = await verifications.FindByOrderAsync(store.Id, orderId, cancellationToken);
        if (verification is not null && OwnWrite(store, order, status, verification) is { } mark)
        {
            return $"echo of our own write ({mark}); verification {verification.Id} unchanged";
        }

        if (WooCommerceOrderIntake.ClosedReason(status) is not { } reason)
        {
            // order.created, or order.updated for an order we have not seen (block checkout saves a draft first and
            // fires order.updated when it is placed); for one we have, the intake finds its verification.
            return await orderIntake.TakeAsync(store, order, cancellationToken);
        }

        if (!await shopOrders.MarkClosedAsync(store.Id, orderId, reason, order.ModifiedAt, cancellationToken))
        {
            // A reopen the shop saved after this close was applied first: this copy is history.
            return $"ignored: order {reason} in this copy, but it was reopened in the shop after that";
        }

        if (verification is null)
        {
            // Recorded as skipped when it is a COD order, so the create that may still come finds it.
            return await orderIntake.TakeAsync(store, order, cancellationToken);
        }

        return await StopAsync(verification, reason, cancellationToken);
    }

    private async Task<string> GoneAsync(Store store, long id, CancellationToken cancellationToken)
    {
        var orderId = id.ToString(CultureInfo.InvariantCulture);
        await shopOrders.MarkClosedAsync(store.Id, orderId, "deleted", cancellationToken);
        var verification = await verifications.FindByOrderAsync(store.Id, orderId, cancellationToken);
        return verification is null
            ? "order deleted before its verification arrived; it will not be called"
            : await StopAsync(verification, "deleted", cancellationToken);
    }

    private async Task<string> StopAsync(VerificationRecord verification, string reason, CancellationToken cancellationToken)
        => await verifications.StopAsync(verification.Id, $"The order was {reason} in the shop before the call", cancellationToken)
            ? $"verification {verification.Id} stopped: order {reason}"
            : $"verification {verification.Id} is past its call ({verification.Status}); order {reason}";

    // The mark we wrote, when this update is our own write coming back: our mark on an order that is still open (the
    // intake's hold, or an outcome that leaves the order open), or an outcome whose status we set closing it (the
    // customer cancelled). A merchant who cancels an order we marked pending is not us: that closes it.
    private static string? OwnWrite(Store store, WooCommerceOrder order, string status, VerificationRecord verification)
    {
        var mark = order.Meta(WooCommerceOrderIntake.StatusMetaKey);
        if (mark is null)
        {
            return null;
        }

        if (WooCommerceOrderIntake.ClosedReason(status) is null)
        {
            return mark == WooCommerceOrderIntake.PendingMark || mark == verification.Status ? mark : null;
        }

        return mark == verification.Status && VerificationStatus.CallOutcomes.Contains(mark) && status == WooCommerceOutcomeStatuses.For(store.Settings, mark) ? mark : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WooCommerce delivery for store {StoreId} ignored: its body does not match topic {Topic} ({Mismatch})")]
    private static partial void LogBodyMismatch(ILogger logger, long storeId, string topic, string mismatch);
}
