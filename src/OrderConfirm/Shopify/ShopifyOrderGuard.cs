using System.Text.Json;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Shopify;

public sealed partial class ShopifyOrderGuard(ShopifyAdminClient admin, ILogger<ShopifyOrderGuard> logger) : IOrderGuard
{

    public async Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
    {
        var result = await admin.ExecuteAsync(store, ShopifyOrderState.Query, new { id = ShopifyAdminClient.OrderGid(verification.OrderId) }, cancellationToken);
        if (result is ShopAnswer<JsonElement>.Ok ok)
        {
            return ShopifyOrderState.From(ok.Value).ClosedReason is { } reason ? $"The order was {reason} in Shopify before the call" : null;
        }

        // The last webhook said the order is open; a shop that cannot be read right now does not cancel the call.
        LogUnreadable(logger, verification.Id, result.GetType().Name);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read the Shopify order of verification {Id} before the call ({Result}); calling on the webhook's word")]
    private static partial void LogUnreadable(ILogger logger, long id, string result);
}
