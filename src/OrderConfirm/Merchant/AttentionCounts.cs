using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Merchant;

/// What waits for a person, counted for the operator's /attention page and its nav link: webhook deliveries that
/// failed (a replay may apply them) and verifications in needs-attention, over every store.
public sealed class AttentionCounts(WebhookDeliveries deliveries, VerificationRepository verifications)
{
    public async Task<(long FailedDeliveries, long NeedsAttention)> CountAsync(CancellationToken cancellationToken)
        => (await deliveries.CountFailedAsync(cancellationToken), await verifications.CountByStatusAsync(VerificationStatus.NeedsAttention, cancellationToken));
}
