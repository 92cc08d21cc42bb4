using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;
using OrderConfirm.Toolkit;

namespace OrderConfirm.WooCommerce;

/// Re-reads the order right before the dial: webhooks from WooCommerce arrive late, and none is re-sent, so the store
/// itself is the only word on whether someone cancelled, completed, refunded, trashed or deleted the order meanwhile.
public sealed partial class WooCommerceOrderGuard(
    WooCommerceClient client,
    StoreRepository stores,
    StoreZones zones,
    ShopOrders shopOrders,
    TimeProvider clock,
    ILogger<WooCommerceOrderGuard> logger) : IOrderGuard
{

    public async Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
    {
        if (!WooCommerceOrderRefs.TryParseId(verification.OrderId, out var orderId))
        {
            // No GET can find it, and no write-back could land on it.
            return "The order id is not a WooCommerce order id (a whole number), so the order can be neither checked nor updated; nobody was called";
        }

        var answer = await client.GetOrderAsync(store, orderId, cancellationToken);
        switch (answer)
        {
            case ShopAnswer<WooCommerceOrder>.Ok { Value: { Status: { } status } closed } when WooCommerceOrderStatuses.Closed.Contains(status):
                // Remembered like a close a webhook brought, so that reopening the order later verifies it again.
                await shopOrders.MarkClosedAsync(store.Id, verification.OrderId, WooCommerceOrderIntake.ClosedReason(status) ?? status, closed.ModifiedAt, cancellationToken);
                return $"The order was {Describe(status)} in WooCommerce before the call";

            case ShopAnswer<WooCommerceOrder>.Ok:
                return null;

            case ShopAnswer<WooCommerceOrder>.NotFound gone when WooCommerceOrderRefs.IsGone(gone.Code):
                return "The order no longer exists in WooCommerce (deleted before the call)";

            // The key is refused (revoked, read-only for the wrong method, HTTPS not seen by PHP), or the REST API is
            // not at the store's URL. That says nothing about this order, only about the store, and holding the call
            // would quietly stop every order of the store until someone noticed. So the call goes ahead on the signed
            // webhook's word, as it does for a Shopify shop that cannot be read (a cancellation we were told about is
            // still enforced by the dial claim), and the store is flagged now, before the write-back fails as well.
            case ShopAnswer<WooCommerceOrder>.Refused refused:
                await FlagAsync(store, refused.Reason, cancellationToken);
                LogRefused(logger, verification.Id, refused.Code);
                return null;

            case ShopAnswer<WooCommerceOrder>.NotFound missing:
                await FlagAsync(store, WooCommerceOrderRefs.ApiNotFound(missing.Code), cancellationToken);
                LogRefused(logger, verification.Id, missing.Code);
                return null;

            // A slow or failing store right now does not cancel the call.
            default:
                LogUnreadable(logger, verification.Id, answer.GetType().Name);
                return null;
        }
    }

    internal static string Describe(string status) => status == WooCommerceOrderStatuses.Trash ? "moved to the trash" : status;

    private Task FlagAsync(Store store, string problem, CancellationToken cancellationToken)
        => stores.SetAttentionAsync(
            store.Id,
            $"{problem} (seen {TimeZones.Stamp(clock.GetUtcNow(), zones.Of(store))} re-reading an order before its call; the call went ahead on the webhook's word, its write-back will fail until this is fixed)",
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read the WooCommerce order of verification {Id} before the call ({Result}); calling on the webhook's word")]
    private static partial void LogUnreadable(ILogger logger, long id, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The WooCommerce store refused to show the order of verification {Id} before the call ({Code}); the store is flagged and the call goes ahead on the webhook's word")]
    private static partial void LogRefused(ILogger logger, long id, string? code);
}
