using OrderConfirm.Stores;

namespace OrderConfirm.Verification;

/// Asks the shop, right before a dial later than Verification:RereadOrderAfter after the intake (CallPreparation decides),
/// whether the order is still open: webhooks arrive late and out of order.
public interface IOrderGuard
{
    // Why the customer must not be called (the order was cancelled, fulfilled…), or null to go ahead.
    Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken);
}
