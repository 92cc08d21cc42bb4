using System.Globalization;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;
using OrderConfirm.Toolkit;

namespace OrderConfirm.WooCommerce;

/// Decides whether a WooCommerce order is verified (placed, COD, not closed, inside the amount rules), hands it to the
/// intake, and puts a new pending one on hold in the shop. Webhooks and reconciliation both come here.
public sealed partial class WooCommerceOrderIntake(
    VerificationIntake intake,
    VerificationRepository verifications,
    ShopOrders shopOrders,
    WooCommerceClient client,
    IOptionsMonitor<WooCommerceOptions> wooOptions,
    TimeProvider clock,
    ILogger<WooCommerceOrderIntake> logger)
{
    // Our mark on the order: what we last wrote (pending at intake, the outcome after the write-back). Our own writes
    // come back as order.updated; this is how they are told apart from the merchant's.
    public const string StatusMetaKey = "_orderconfirm_status";
    public const string PendingMark = VerificationStatus.Pending;

    // Not a placed order yet (block checkout drafts, unpaid or failed attempts): a later update brings it when it is.
    private static readonly HashSet<string> NotPlaced = new(StringComparer.Ordinal)
    {
        "", WooCommerceOrderStatuses.CheckoutDraft, WooCommerceOrderStatuses.Pending, WooCommerceOrderStatuses.Failed, "draft", "auto-draft", "new",
    };

    public async Task<string> TakeAsync(Store store, WooCommerceOrder order, CancellationToken cancellationToken)
    {
        var status = StatusOf(order);
        if (order.Id <= 0)
        {
            return "ignored: no order id";
        }

        if (NotPlaced.Contains(status))
        {
            return $"ignored: order is {(status.Length == 0 ? "without status" : status)}";
        }

        if (!IsCod(store, order))
        {
            return "not a COD order";
        }

        if (!store.Enabled)
        {
            return "store disabled";
        }

        var calls = store.Settings.Section<CallSettings>();
        var orderId = order.Id.ToString(CultureInfo.InvariantCulture);
        var closedReason = await shopOrders.ClosedReasonAsync(store.Id, orderId, cancellationToken);
        var skip = closedReason is not null ? $"The order was already {closedReason} in the shop"
            : ClosedReason(status) is { } closed ? $"The order was already {closed} in the shop"
            : order.Amount < calls.MinAmount ? $"Amount below the store's minimum ({calls.MinAmount})"
            : order.Amount > calls.MaxAmount ? $"Amount above the store's maximum ({calls.MaxAmount})"
            : null;

        var submission = new OrderSubmission(
            store.Id,
            orderId,
            string.IsNullOrWhiteSpace(order.Number) ? orderId : order.Number,
            order.Amount,
            order.Currency,
            Phone(order.Billing?.Phone, order.Shipping?.Phone),
            Name(order.Billing) ?? Name(order.Shipping),
            skip);
        var result = await intake.SubmitAsync(submission, cancellationToken);
        if (result is not IntakeResult.Accepted accepted)
        {
            return result is IntakeResult.StoreDisabled ? "store disabled" : "store unavailable";
        }

        var verification = accepted.Verification;
        var hold = verification.Status == VerificationStatus.Pending && store.Settings.Section<WooCommerceSettings>().HoldAtIntake != false;
        if (!accepted.Created)
        {
            // A hold that failed or was cut short is tried again when the order shows up without our mark; the hold
            // re-reads the order first, so a stale copy of an order we did hold writes nothing.
            if (hold && order.Meta(StatusMetaKey) is null && ClosedReason(status) is null)
            {
                await HoldAsync(store, verification, order.Id, null, cancellationToken);
            }

            return $"verification {verification.Id} already existed";
        }

        if (hold)
        {
            await HoldAsync(store, verification, order.Id, IsFresh(order) ? order : null, cancellationToken);
        }

        return verification.Status == VerificationStatus.Pending
            ? $"verification {verification.Id}: {verification.Status}"
            : $"verification {verification.Id}: {verification.Status} ({verification.Reason})";
    }

    internal static string StatusOf(WooCommerceOrder order) => order.Status?.Trim().ToLowerInvariant() ?? "";

    // Placed (checkout finished, not a draft or an unpaid attempt) and not closed: the shop expects it to be shipped.
    internal static bool IsOpen(WooCommerceOrder order) => !NotPlaced.Contains(StatusOf(order)) && ClosedReason(StatusOf(order)) is null;

    // Why an open order is not one this store verifies, in the words of a skip reason; null when it is.
    internal static string? NotVerified(Store store, WooCommerceOrder order)
        => !IsCod(store, order) ? "it is not a cash on delivery order"
            : !store.Enabled ? "the store is disabled"
            : order.Amount < store.Settings.Section<CallSettings>().MinAmount ? $"the amount is below the store's minimum ({store.Settings.Section<CallSettings>().MinAmount})"
            : order.Amount > store.Settings.Section<CallSettings>().MaxAmount ? $"the amount is above the store's maximum ({store.Settings.Section<CallSettings>().MaxAmount})"
            : null;

    private static bool IsCod(Store store, WooCommerceOrder order)
    {
        var methods = store.Settings.Section<WooCommerceSettings>().CodMethods;
        return !string.IsNullOrWhiteSpace(order.PaymentMethod) && methods.Contains(order.PaymentMethod.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    // The word for a status that means the shop is done with the order, or null for one that does not.
    internal static string? ClosedReason(string status) => status switch
    {
        WooCommerceOrderStatuses.Cancelled => "cancelled",
        WooCommerceOrderStatuses.Refunded => "refunded",
        WooCommerceOrderStatuses.Completed => "completed",
        WooCommerceOrderStatuses.Trash => "trashed",
        _ => null,
    };

    // A copy modified within WooCommerce:HoldWithoutReadWithin (both ways: a shop's clock may run ahead) is the order as
    // it is now for the hold: WooCommerce fires the webhook right after the change.
    private bool IsFresh(WooCommerceOrder order)
        => order.ModifiedAt is { } modified && (clock.GetUtcNow() - modified).Duration() < wooOptions.CurrentValue.HoldWithoutReadWithin;

    // Best effort, and safe to repeat: one PUT with the hold status and our mark, whose answer is the order. A stale copy
    // (fresh null) is re-read first, since putting a cancelled order on hold would reopen it; a fresh one is taken on
    // its word (docs/adr/0009-fewer-shop-requests-per-order.md). No note: WooCommerce notes the status change itself,
    // and the outcome's note tells the rest. Failing must not hold up the call.
    private async Task HoldAsync(Store store, VerificationRecord verification, long orderId, WooCommerceOrder? fresh, CancellationToken cancellationToken)
    {
        var current = fresh;
        if (current is null)
        {
            var read = await client.GetOrderAsync(store, orderId, cancellationToken);
            if (read is not ShopAnswer<WooCommerceOrder>.Ok { Value: var copy })
            {
                await HoldFailedAsync(verification, "reading the order", Describe(read), cancellationToken);
                return;
            }

            current = copy;
        }

        var status = StatusOf(current);
        if (current.Meta(StatusMetaKey) == PendingMark || ClosedReason(status) is not null)
        {
            return;
        }

        // Only an order still waiting for the merchant is held; one already on hold, or in a status of a plugin's,
        // keeps it.
        var holdStatus = status is WooCommerceOrderStatuses.Processing or WooCommerceOrderStatuses.Pending ? WooCommerceOrderStatuses.OnHold : null;
        var update = await client.UpdateOrderAsync(store, orderId, new WooCommerceOrderUpdate(holdStatus, [new WooCommerceMetaWrite(StatusMetaKey, PendingMark)]), cancellationToken);
        if (update is not ShopAnswer<WooCommerceOrder>.Ok)
        {
            await HoldFailedAsync(verification, "putting the order on hold", Describe(update), cancellationToken);
            return;
        }

        await verifications.AddEventAsync(
            verification.Id,
            "shop",
            holdStatus is null ? $"Order marked as being verified in WooCommerce (status {status} left alone)" : "Order put on hold in WooCommerce while it is verified",
            cancellationToken);
    }

    private async Task HoldFailedAsync(VerificationRecord verification, string step, string answer, CancellationToken cancellationToken)
    {
        LogHoldFailed(logger, verification.Id, step, answer);
        await verifications.AddEventAsync(verification.Id, "shop", $"Could not put the order on hold in WooCommerce: {step} failed ({answer})", cancellationToken);
    }

    // The kind of answer and the shop's error code or our reason: never a message from the shop or a URL.
    private static string Describe<T>(ShopAnswer<T> answer) => answer switch
    {
        ShopAnswer<T>.NotFound notFound => $"not found: {notFound.Code}",
        ShopAnswer<T>.Refused refused => $"refused: {refused.Code}",
        ShopAnswer<T>.TryLater later => $"unavailable: {later.Reason}",
        ShopAnswer<T>.Failed failed => $"failed: {failed.Reason}",
        _ => "ok",
    };

    // Billing first (block and classic checkout always ask for it), then shipping; the first valid mobile wins, else
    // the first given (which records invalid-phone).
    private static string? Phone(params string?[] phones)
    {
        var given = phones.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return given.FirstOrDefault(p => PakistaniMobile.TryNormalize(p, out _)) ?? given.FirstOrDefault();
    }

    private static string? Name(WooCommerceAddress? address)
        => string.Join(' ', new[] { address?.FirstName, address?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim())) is { Length: > 0 } name ? name : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put the WooCommerce order of verification {Id} on hold: {Step} failed ({Answer})")]
    private static partial void LogHoldFailed(ILogger logger, long id, string step, string answer);
}
