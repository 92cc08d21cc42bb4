using OrderConfirm.Stores;

namespace OrderConfirm.Webhooks;

/// Applies one stored delivery of a platform. Returns a short result for the delivery row (no personal data).
/// Throwing means "try again later"; returning means done, whatever the outcome.
public interface IWebhookHandler
{
    Task<string> HandleAsync(Store store, string topic, string body, CancellationToken cancellationToken);
}
