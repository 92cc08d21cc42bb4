using System.Text.Json;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Shopify;

/// Writes the outcome onto the Shopify order: tags, and for DTMF 2 a real cancellation. Every mutation here is safe
/// to send twice (adding a tag that is there, removing one that is not, cancelling a cancelled order).
public sealed class ShopifyWriteBack(ShopifyAdminClient admin) : IOrderWriteBack
{
    public const string PendingTag = "cod-pending";

    // Both tag changes in one request: GraphQL runs the fields of a mutation one after the other, in order, so the
    // outcome's tag is on before the others come off, and no second request exists for a newer outcome to overtake.
    // The last payload's node is the order as it is after both: the write-back reads nothing before it
    // (docs/adr/0009-fewer-shop-requests-per-order.md).
    private const string OutcomeTags = """
        mutation OutcomeTags($id: ID!, $add: [String!]!, $remove: [String!]!) {
          tagsAdd(id: $id, tags: $add) { node { id } userErrors { field message } }
          tagsRemove(id: $id, tags: $remove) {
            node { ... on Order { id cancelledAt closed displayFulfillmentStatus tags } }
            userErrors { field message }
          }
        }
        """;

    // 2025-07 and later take refundMethod (the refund argument is deprecated); COD orders are unpaid, so no refund.
    private const string Cancel = """
        mutation CancelOrder($orderId: ID!, $staffNote: String) {
          orderCancel(orderId: $orderId, reason: CUSTOMER, restock: true, notifyCustomer: false, staffNote: $staffNote,
                      refundMethod: { originalPaymentMethodsRefund: false }) {
            job { id done }
            orderCancelUserErrors { field message code }
            userErrors { field message }
          }
        }
        """;

    public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
    {
        var gid = ShopifyAdminClient.OrderGid(verification.OrderId);
        if (!await turn.ProceedAsync(cancellationToken))
        {
            return new WriteBackResult.Superseded();
        }

        // Tags first: they only annotate the order, so they are written whatever its state, and their answer tells
        // the state that decides whether the order may still be cancelled.
        var outcome = verification.Outcome ?? verification.Status;
        var (add, remove) = Tags(outcome);
        var result = await admin.ExecuteAsync(store, OutcomeTags, new { id = gid, add, remove }, cancellationToken);
        if (result is not ShopAnswer<JsonElement>.Ok done)
        {
            return Translate(result);
        }

        var state = ShopifyOrderState.FromOrder(done.Value.TryGetProperty("tagsRemove", out var payload) && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("node", out var node) ? node : default);
        if (!state.Exists)
        {
            // No node: the shop has no such order any more (its userErrors say so), and nothing was written.
            return new WriteBackResult.Done("The order is no longer open in Shopify (deleted); nothing was written");
        }

        foreach (var name in new[] { "tagsAdd", "tagsRemove" })
        {
            if (UserErrors(done.Value, name, "userErrors") is { } errors)
            {
                return new WriteBackResult.Failed($"{name}: {errors}");
            }
        }

        var steps = new List<string> { $"tagged {string.Join(", ", add)}; untagged {string.Join(", ", remove)}" };
        if (state.ClosedReason is { } closed && !(outcome == VerificationStatus.Cancelled && closed == "cancelled"))
        {
            // Someone else closed it (fulfilled, archived, cancelled): the tags record the customer's answer, but the
            // order itself is not touched, as the read before the write-back decided before.
            steps.Add($"the order is no longer open in Shopify ({closed}), so nothing else was changed");
        }
        else if (outcome == VerificationStatus.Cancelled && state.CancelledAt is null)
        {
            if (!await turn.ProceedAsync(cancellationToken))
            {
                return new WriteBackResult.Superseded();
            }

            var cancel = await admin.ExecuteAsync(store, Cancel, new { orderId = gid, staffNote = StaffNote(verification) }, cancellationToken);
            if (cancel is not ShopAnswer<JsonElement>.Ok cancelled)
            {
                return Translate(cancel);
            }

            if (UserErrors(cancelled.Value, "orderCancel", "orderCancelUserErrors", "userErrors") is { } cancelErrors && !AlreadyCancelled(cancelErrors))
            {
                return new WriteBackResult.Failed($"orderCancel: {cancelErrors}");
            }

            steps.Add("cancelled the order (reason CUSTOMER, restocked, no refund)");
        }

        return new WriteBackResult.Done($"Shopify: {string.Join("; ", steps)}");
    }

    private static string StaffNote(VerificationRecord verification) => Deciders.Of(verification) switch
    {
        Deciders.Link => "Cancelled by the customer on the OrderConfirm link page",
        Deciders.Operator or Deciders.Owner => $"Cancelled by hand in OrderConfirm by {Deciders.Person(verification.DecidedBy)}",
        Deciders.NoAnswerPolicy => $"Cancelled by the store's OrderConfirm no-answer policy: nobody answered {NoAnswerRules.Calls(verification.Attempt)} (last call id {verification.CallId})",
        _ => $"Cancelled by the customer on the OrderConfirm call (call id {verification.CallId})",
    };

    // The tag of every final outcome (docs: the write-back defaults); reconciliation skips orders carrying any.
    internal static readonly string[] OutcomeTagNames = ["cod-confirmed", "cod-cancelled", "cod-callback", "cod-unreachable"];

    // The outcome's tag goes on; cod-pending and the tag of any earlier outcome come off, so a redial that ends
    // differently never leaves two answers on one order.
    internal static (string[] Add, string[] Remove) Tags(string outcome)
    {
        var tag = outcome switch
        {
            VerificationStatus.Confirmed => "cod-confirmed",
            VerificationStatus.Cancelled => "cod-cancelled",
            VerificationStatus.Callback => "cod-callback",
            _ => "cod-unreachable",
        };
        return ([tag], [PendingTag, .. OutcomeTagNames.Where(t => t != tag)]);
    }

    private static WriteBackResult Translate(ShopAnswer<JsonElement> result) => result switch
    {
        ShopAnswer<JsonElement>.TryLater { Throttled: true } throttled => new WriteBackResult.Throttled(throttled.Reason, throttled.After ?? TimeSpan.FromSeconds(1)),
        ShopAnswer<JsonElement>.TryLater later => new WriteBackResult.RetryLater(later.Reason, later.After),
        ShopAnswer<JsonElement>.Refused refused => new WriteBackResult.Failed(refused.Reason, CredentialsRejected: true),
        ShopAnswer<JsonElement>.Failed failed => new WriteBackResult.Failed(failed.Reason),
        _ => new WriteBackResult.Failed("unexpected answer"),
    };

    private static string? UserErrors(JsonElement data, string mutation, params string[] fields)
    {
        if (!data.TryGetProperty(mutation, out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return $"{mutation} returned nothing";
        }

        var messages = fields
            .Where(f => payload.TryGetProperty(f, out var list) && list.ValueKind == JsonValueKind.Array)
            .SelectMany(f => payload.GetProperty(f).EnumerateArray())
            .Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : null)
            .Where(m => !string.IsNullOrEmpty(m))
            .Distinct()
            .ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static bool AlreadyCancelled(string errors) => errors.Contains("already been cancelled", StringComparison.OrdinalIgnoreCase)
        || errors.Contains("already cancelled", StringComparison.OrdinalIgnoreCase);
}
