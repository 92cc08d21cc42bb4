using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Storage;
using OrderConfirm.Verification;
using OrderConfirm.Toolkit;

namespace OrderConfirm.WooCommerce;

/// Writes the outcome onto the WooCommerce order: the outcome's status (store setting outcomeStatuses) together with
/// the meta entry _orderconfirm_status in one PUT, then one internal order note. Safe to run again after any failure:
/// the PUT is skipped once the order shows it, and the note, the one request that would repeat its effect, is recorded
/// in woocommerce_notes (WooCommerceNoteLedger) so it is posted once without listing the order's notes first. The read
/// before the PUT stays: WooCommerce has no conditional update, and a PUT with a status would reopen an order someone
/// closed during the call (docs/adr/0009-fewer-shop-requests-per-order.md).
public sealed class WooCommerceWriteBack(
    WooCommerceClient client,
    CallPolicyResolver policies,
    WooCommerceNoteLedger noteLedger,
    IOptionsMonitor<WooCommerceOptions> options) : IOrderWriteBack
{
    // Holds the outcome we wrote last. The webhook receiver recognises our own order.updated echo by it.
    private const string StatusMetaKey = WooCommerceOrderIntake.StatusMetaKey;

    public const string OrderGone = "Nothing written: the order no longer exists in WooCommerce";

    public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
    {
        if (!WooCommerceOrderRefs.TryParseId(verification.OrderId, out var orderId))
        {
            return new WriteBackResult.Failed("the order id is not a WooCommerce order id (a whole number)");
        }

        if (!await turn.ProceedAsync(cancellationToken))
        {
            return new WriteBackResult.Superseded();
        }

        var read = await client.GetOrderAsync(store, orderId, cancellationToken);
        if (read is not ShopAnswer<WooCommerceOrder>.Ok { Value: var order })
        {
            return Translate(read);
        }

        var outcome = verification.Outcome ?? verification.Status;
        var target = WooCommerceOutcomeStatuses.For(store.Settings, outcome);
        var current = order.Status ?? "";
        var previous = order.Meta(StatusMetaKey);
        var written = previous == outcome;
        // A write-back of ours may have closed the order itself (a store whose status for an outcome is a closed one):
        // this run's own earlier attempt, or an earlier outcome the customer has since replaced by link. That is not
        // someone else's doing. Cancelled stays cancelled either way.
        var ours = previous is not null && WooCommerceOutcomeStatuses.For(store.Settings, previous) == current;
        var alreadyCancelled = outcome == VerificationStatus.Cancelled && current == WooCommerceOrderStatuses.Cancelled;
        if (WooCommerceOrderStatuses.Closed.Contains(current) && !ours && !alreadyCancelled)
        {
            return new WriteBackResult.Done($"Nothing written: the order is no longer open in WooCommerce ({WooCommerceOrderGuard.Describe(current)} by someone else)");
        }

        var newStatus = target is not null && target != current ? target : null;
        if (newStatus is not null || !written)
        {
            if (!await turn.ProceedAsync(cancellationToken))
            {
                return new WriteBackResult.Superseded();
            }

            var put = await client.UpdateOrderAsync(store, orderId, new WooCommerceOrderUpdate(newStatus, [new WooCommerceMetaWrite(StatusMetaKey, outcome)]), cancellationToken);
            if (put is ShopAnswer<WooCommerceOrder>.Failed failed && newStatus is not null)
            {
                return new WriteBackResult.Failed($"{failed.Reason} setting the status to '{newStatus}'; outcomeStatuses.{outcome} must be an order status the store has");
            }

            if (put is not ShopAnswer<WooCommerceOrder>.Ok)
            {
                return Translate(put);
            }
        }

        var statusLine = newStatus is not null ? $"Order status set to {newStatus}."
            : target is not null ? $"Order status is {current}."
            : $"Order status left as {current}.";

        if (!await turn.ProceedAsync(cancellationToken))
        {
            return new WriteBackResult.Superseded();
        }

        var marker = WooCommerceOutcomeNote.Marker(verification, outcome);
        var noteLine = "the note was already there";
        var state = await noteLedger.StateAsync(verification.Id, marker, cancellationToken);
        if (state == WooCommerceNoteState.Unknown)
        {
            // An earlier POST of this note has no recorded answer (it timed out, or the worker died after it): only the
            // order's notes can tell whether it landed.
            var notes = await client.ListNotesAsync(store, orderId, cancellationToken);
            if (notes is not ShopAnswer<List<WooCommerceOrderNote>>.Ok { Value: var existing })
            {
                return Translate(notes);
            }

            if (WooCommerceOutcomeNote.IsAmong(existing, marker))
            {
                await noteLedger.MarkPostedAsync(verification.Id, marker, cancellationToken);
                state = WooCommerceNoteState.Posted;
            }
            else if (!await turn.ProceedAsync(cancellationToken))
            {
                return new WriteBackResult.Superseded();
            }
        }

        if (state != WooCommerceNoteState.Posted)
        {
            var text = WooCommerceOutcomeNote.Text(verification, outcome, statusLine, UnixTime.FromMs(verification.DialStartedAt), policies.For(store).Zone);
            await noteLedger.ClaimAsync(verification.Id, marker, cancellationToken);
            var added = await client.AddNoteAsync(store, orderId, text, cancellationToken);
            if (added is ShopAnswer<WooCommerceOrderNote>.TryLater later)
            {
                // The note may exist even so: the answer was lost, or PHP is still at it after we gave up waiting (it
                // goes on without us). The claim stays unanswered, so the next attempt lists the notes to look for it
                // by its marker; it waits a few request timeouts first, long enough for a slow request to have
                // finished, or a second note would be added.
                var settle = options.CurrentValue.RequestTimeout * 3;
                return new WriteBackResult.RetryLater($"{later.Reason} adding the order note", later.After > settle ? later.After : settle);
            }

            if (added is not ShopAnswer<WooCommerceOrderNote>.Ok)
            {
                return Translate(added);
            }

            await noteLedger.MarkPostedAsync(verification.Id, marker, cancellationToken);
            noteLine = "note added";
        }

        return new WriteBackResult.Done($"WooCommerce: {statusLine} Meta {StatusMetaKey} = {outcome}; {noteLine}");
    }

    private static WriteBackResult Translate<T>(ShopAnswer<T> answer) => answer switch
    {
        ShopAnswer<T>.NotFound gone when WooCommerceOrderRefs.IsGone(gone.Code) => new WriteBackResult.Done(OrderGone),
        // Every order of the store would fail the same way: the store is flagged, as for a refused key.
        ShopAnswer<T>.NotFound missing => new WriteBackResult.Failed(WooCommerceOrderRefs.ApiNotFound(missing.Code), CredentialsRejected: true),
        ShopAnswer<T>.Refused refused => new WriteBackResult.Failed(refused.Reason, CredentialsRejected: true),
        ShopAnswer<T>.TryLater later => new WriteBackResult.RetryLater(later.Reason, later.After),
        ShopAnswer<T>.Failed failed => new WriteBackResult.Failed(failed.Reason),
        _ => new WriteBackResult.Failed("unexpected answer from WooCommerce"),
    };
}
