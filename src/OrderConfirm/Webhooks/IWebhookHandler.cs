using OrderConfirm.Stores;

namespace OrderConfirm.Webhooks;

/// Applies one stored delivery of a platform. Returns a short result for the delivery row (no personal data).
/// Throwing means "try again later"; returning means done, whatever the outcome.
public interface IWebhookHandler
{
    Task<string> HandleAsync(Store store, string topic, string body, CancellationToken cancellationToken);

    /// The order a delivery concerns: deliveries with the same key are applied one after another in arrival order,
    /// others at once. Null (the default) means the whole store: applied alone, after the store's earlier deliveries
    /// and before its later ones. Must not touch the database or the network; it runs while the processor claims.
    string? OrderKeyOf(string topic, string body) => null;
}
