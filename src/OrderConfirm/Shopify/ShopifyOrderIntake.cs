using System.Text.Json;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Shopify;

/// Decides whether a Shopify order is verified (COD, not a test, not cancelled, inside the amount rules), hands it
/// to the intake, and tags a new pending one cod-pending in the shop.
public sealed partial class ShopifyOrderIntake(
    VerificationIntake intake,
    VerificationRepository verifications,
    ShopOrders shopOrders,
    ShopifyAdminClient admin,
    ILogger<ShopifyOrderIntake> logger)
{
    public async Task<string> TakeAsync(Store store, ShopifyOrderFacts order, CancellationToken cancellationToken)
    {
        var shopify = store.Settings.Section<ShopifySettings>();
        var calls = store.Settings.Section<CallSettings>();
        var gateways = shopify.CodGateways;
        if (!order.Gateways.Any(g => gateways.Contains(g, StringComparer.OrdinalIgnoreCase)))
        {
            return "not a COD order";
        }

        if (!store.Enabled)
        {
            return "store disabled";
        }

        var closedReason = await shopOrders.ClosedReasonAsync(store.Id, order.OrderId, cancellationToken);
        var skip = closedReason is not null ? $"The order was already {closedReason} in the shop"
            : order.Cancelled ? "The order was already cancelled in the shop"
            : order.Test && shopify.SkipTestOrders != false ? "Test order"
            : order.Amount < calls.MinAmount ? $"Amount below the store's minimum ({calls.MinAmount})"
            : order.Amount > calls.MaxAmount ? $"Amount above the store's maximum ({calls.MaxAmount})"
            : null;

        var result = await intake.SubmitAsync(new OrderSubmission(store.Id, order.OrderId, order.Name, order.Amount, order.Currency, Phone(order.Phones), order.CustomerName, skip), cancellationToken);
        if (result is not IntakeResult.Accepted accepted)
        {
            return "store unavailable";
        }

        if (!accepted.Created)
        {
            return $"verification {accepted.Verification.Id} already existed";
        }

        if (accepted.Verification.Status == VerificationStatus.Pending)
        {
            await TagPendingAsync(store, accepted.Verification, cancellationToken);
        }

        return $"verification {accepted.Verification.Id}: {accepted.Verification.Status}";
    }

    // Best effort: the tag tells staff the order is being verified; failing to set it must not hold up the call.
    private async Task TagPendingAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
    {
        var result = await admin.ExecuteAsync(
            store,
            "mutation TagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }",
            new { id = ShopifyAdminClient.OrderGid(verification.OrderId), tags = new[] { ShopifyWriteBack.PendingTag } },
            cancellationToken);
        if (result is not ShopAnswer<JsonElement>.Ok)
        {
            LogTagFailed(logger, verification.Id, result.GetType().Name);
            await verifications.AddEventAsync(verification.Id, "shop", $"Could not tag the order {ShopifyWriteBack.PendingTag} in Shopify ({result.GetType().Name})", cancellationToken);
        }
    }

    // Shipping phone first (usually the only one on COD orders), then order, billing, customer; the first valid
    // mobile wins, else the first given (which records invalid-phone).
    private static string? Phone(IReadOnlyList<string?> phones)
    {
        var given = phones.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return given.FirstOrDefault(p => PakistaniMobile.TryNormalize(p, out _)) ?? given.FirstOrDefault();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tag the Shopify order of verification {Id} cod-pending ({Result})")]
    private static partial void LogTagFailed(ILogger logger, long id, string result);
}
