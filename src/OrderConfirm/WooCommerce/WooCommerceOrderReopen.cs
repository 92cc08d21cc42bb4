using System.Globalization;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;
using OrderConfirm.Toolkit;

namespace OrderConfirm.WooCommerce;

/// A WooCommerce order we recorded closed shows up open again: restored from the trash, or moved back from cancelled or
/// completed to processing / on-hold. It is reopened only on the shop's word that this is a change saved after the
/// close — the order's date_modified later than the close's, or, when the close carried no time (a deletion) or the
/// same second, the order as the store shows it now — so a late or repeated delivery reopens nothing.
///
/// The rule for its verification ("verify it then, once"): one that was stopped before any dial (skipped, attempt 1, no
/// call, not by an operator) waits for its call again, as a new order would; one whose call was placed — whatever its
/// outcome, and even if it was stopped later — keeps it, and the customer is not called again; a reopen only adds a
/// line to its timeline. An order with no verification yet goes through the intake as usual.
public sealed partial class WooCommerceOrderReopen(
    ShopOrders shopOrders,
    VerificationRepository verifications,
    WooCommerceClient client,
    CallPolicyResolver policies,
    JobDispatcher dispatcher,
    TimeProvider clock,
    ILogger<WooCommerceOrderReopen> logger)
{
    /// Null when the order is not recorded closed (nothing to reopen); otherwise whether it is open again now, and what
    /// happened in words for the delivery's result.
    public async Task<WooCommerceReopening?> TryAsync(Store store, WooCommerceOrder order, CancellationToken cancellationToken)
    {
        var orderId = order.Id.ToString(CultureInfo.InvariantCulture);
        if (order.Id <= 0 || !WooCommerceOrderIntake.IsOpen(order)
            || await shopOrders.GetAsync(store.Id, orderId, cancellationToken) is not { ClosedReason: { } closed } state)
        {
            return null;
        }

        var status = WooCommerceOrderIntake.StatusOf(order);
        var policy = policies.For(store);
        DateTimeOffset changedAt;
        var askedTheStore = false;
        if (order.ModifiedAt is { } saved && state.ChangedAt is { } closedAt && saved != closedAt)
        {
            if (saved < closedAt)
            {
                return new WooCommerceReopening(false, $"order still {closed} in the shop: this copy shows it {status} as it was before (saved {TimeZones.Stamp(saved, policy.Zone)}, older than the close at {TimeZones.Stamp(closedAt, policy.Zone)})");
            }

            changedAt = saved;
        }
        else
        {
            // The close has no time (order.deleted is only the id), or both were saved in the same second.
            var read = await client.GetOrderAsync(store, order.Id, cancellationToken);
            switch (read)
            {
                case ShopAnswer<WooCommerceOrder>.Ok { Value: var current } when WooCommerceOrderIntake.IsOpen(current) && current.ModifiedAt is { } now:
                    (changedAt, askedTheStore, status) = (now, true, WooCommerceOrderIntake.StatusOf(current));
                    break;
                case ShopAnswer<WooCommerceOrder>.Ok { Value: var current }:
                    return new WooCommerceReopening(false, $"order still {WooCommerceOrderGuard.Describe(WooCommerceOrderIntake.StatusOf(current))} in the shop (read back)");
                case ShopAnswer<WooCommerceOrder>.NotFound gone when WooCommerceOrderRefs.IsGone(gone.Code):
                    return new WooCommerceReopening(false, "order still deleted in the shop (read back)");
                default:
                    // The delivery is retried (WebhookProcessor): WooCommerce will not send this change again.
                    throw new InvalidOperationException("The store could not be read to confirm the order was reopened.");
            }
        }

        var notVerified = WooCommerceOrderIntake.NotVerified(store, order);
        var dueAt = policy.Window.NextOpening(clock.GetUtcNow() + policy.CallDelay, policy.Zone);
        var why = $"the order was reopened in the shop ({status}, saved {TimeZones.Stamp(changedAt, policy.Zone)}, after it was {closed})";
        var reopened = await shopOrders.ReopenAsync(
            store.Id,
            orderId,
            changedAt,
            askedTheStore,
            notVerified is null ? new ShopOrderRestart(dueAt, $"Verifying again: {why}; call due {TimeZones.Stamp(dueAt, policy.Zone)}") : null,
            cancellationToken);
        if (!reopened.Reopened)
        {
            // Another delivery of the same change, or a newer close, got there first.
            return new WooCommerceReopening(false, $"order {status} in this copy, but not reopened: a newer change of the order is recorded");
        }

        LogReopened(logger, store.Id, order.Id, closed, reopened.Restarted is not null);
        if (reopened.Restarted is { } id)
        {
            await DispatchAsync(id, dueAt, cancellationToken);
            return new WooCommerceReopening(true, $"order reopened in the shop; verification {id} waits for its call again, due {TimeZones.Stamp(dueAt, policy.Zone)}");
        }

        if (await verifications.FindByOrderAsync(store.Id, orderId, cancellationToken) is not { } verification)
        {
            return new WooCommerceReopening(true, "order reopened in the shop");
        }

        var kept = notVerified is not null ? $"it is not verified: {notVerified}" : Kept(verification);
        await verifications.AddEventAsync(verification.Id, "reopened", $"{char.ToUpperInvariant(why[0])}{why[1..]}; {kept}", cancellationToken);
        return new WooCommerceReopening(true, $"order reopened in the shop; verification {verification.Id} is {verification.Status}: {kept}");
    }

    // Why a reopen does not start this verification again.
    private static string Kept(VerificationRecord verification) => verification switch
    {
        { Step: not VerificationStep.Done } => "its verification goes on",
        { Status: VerificationStatus.Skipped, DecidedBy: Deciders.Operator or Deciders.Owner } => $"{Deciders.Person(verification.DecidedBy)} stopped it, so it is not called",
        { Status: VerificationStatus.Skipped, Phone: null } => "the customer's phone number was erased, so it is not called",
        { Status: VerificationStatus.InvalidPhone } => "its phone number is not a valid mobile number, so it is not called",
        { DecidedBy: Deciders.Operator or Deciders.Owner } => $"{Deciders.Person(verification.DecidedBy)} decided it by hand ({verification.Status}), so the customer is not called",
        _ => $"a call was already placed for it ({verification.Status}), so the customer is not called again",
    };

    private async Task DispatchAsync(long id, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        try
        {
            await dispatcher.DispatchAsync(id, VerificationStep.Call, dueAt, null, cancellationToken);
        }
#pragma warning disable CA1031 // the row is committed and due; the sweeper dispatches it if the queue was unreachable
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDispatchFailed(logger, id, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WooCommerce order {OrderId} of store {StoreId} was reopened in the shop after it was {Closed}; verification restarted: {Restarted}")]
    private static partial void LogReopened(ILogger logger, long storeId, long orderId, string closed, bool restarted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {Id} waits for its call again after its order was reopened, but its call job could not be queued ({Error}); the sweeper will queue it")]
    private static partial void LogDispatchFailed(ILogger logger, long id, string error);
}

// Reopened: the order is open again here (a verification may have been restarted); Result: the delivery's result line.
public sealed record WooCommerceReopening(bool Reopened, string Result);
