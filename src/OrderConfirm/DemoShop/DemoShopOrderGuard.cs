using System.Globalization;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.DemoShop;

/// Re-reads the demo order right before the dial, as the real platforms do: an order the merchant cancelled meanwhile
/// (POST /sandbox/shop/orders/{id}/cancel) is not called. A demo shop that cannot be read does not stop the call.
public sealed partial class DemoShopOrderGuard(DemoShopClient client, ILogger<DemoShopOrderGuard> logger) : IOrderGuard
{
    public async Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
    {
        if (!long.TryParse(verification.OrderId, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId))
        {
            return "The order id is not a demo shop order id (a whole number); nobody was called";
        }

        switch (await client.GetOrderAsync(store, orderId, cancellationToken))
        {
            case ShopAnswer<DemoShopOrder>.Ok { Value.CancelledByMerchant: true }:
                return "The order was cancelled in the demo shop before the call";
            case ShopAnswer<DemoShopOrder>.Ok:
                return null;
            case ShopAnswer<DemoShopOrder>.NotFound:
                return "The order no longer exists in the demo shop";
            case var other:
                LogUnreadable(logger, verification.Id, other.GetType().Name);
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read the demo shop order of verification {Id} before the call ({Result}); calling on the order's word")]
    private static partial void LogUnreadable(ILogger logger, long id, string result);
}
