using System.Globalization;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.DemoShop;

/// Writes the outcome onto the demo order over the demo shop's API: the shop turns it into its status (confirmed,
/// cancelled, on-hold) and keeps the note. Writing the same outcome again changes nothing, so a retried run is harmless.
public sealed class DemoShopWriteBack(DemoShopClient client) : IOrderWriteBack
{
    public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
    {
        if (!long.TryParse(verification.OrderId, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId))
        {
            return new WriteBackResult.Failed("the order id is not a demo shop order id (a whole number)");
        }

        if (!await turn.ProceedAsync(cancellationToken))
        {
            return new WriteBackResult.Superseded();
        }

        var read = await client.GetOrderAsync(store, orderId, cancellationToken);
        if (read is ShopAnswer<DemoShopOrder>.Ok { Value.CancelledByMerchant: true })
        {
            return new WriteBackResult.Done("Nothing written: the merchant cancelled the order in the demo shop");
        }

        if (read is not ShopAnswer<DemoShopOrder>.Ok)
        {
            return Translate(read);
        }

        if (!await turn.ProceedAsync(cancellationToken))
        {
            return new WriteBackResult.Superseded();
        }

        var outcome = verification.Outcome ?? verification.Status;
        var note = $"OrderConfirm: {outcome}, {DecidedBy(verification.DecidedBy)}";
        var write = await client.WriteOutcomeAsync(store, orderId, new DemoShopOutcome(outcome, note), cancellationToken);
        return write is ShopAnswer<DemoShopOrder>.Ok { Value: var written }
            ? new WriteBackResult.Done($"Outcome '{outcome}' written to the demo shop: order {written.Name} is {written.Status}")
            : Translate(write);
    }

    private static string DecidedBy(string? decidedBy) => decidedBy switch
    {
        "link" => "answered on the confirm link",
        "no-answer-policy" => "by the store's no-answer policy",
        Deciders.Operator or Deciders.Owner => $"marked by hand by {Deciders.Person(decidedBy)}",
        _ => "from the verification call",
    };

    private static WriteBackResult Translate(ShopAnswer<DemoShopOrder> answer) => answer switch
    {
        ShopAnswer<DemoShopOrder>.NotFound => new WriteBackResult.Done("Nothing written: the order no longer exists in the demo shop"),
        ShopAnswer<DemoShopOrder>.Refused refused => new WriteBackResult.Failed(refused.Reason, CredentialsRejected: true),
        ShopAnswer<DemoShopOrder>.TryLater later => new WriteBackResult.RetryLater(later.Reason, later.After),
        ShopAnswer<DemoShopOrder>.Failed failed => new WriteBackResult.Failed(failed.Reason),
        _ => new WriteBackResult.RetryLater(answer.GetType().Name),
    };
}
