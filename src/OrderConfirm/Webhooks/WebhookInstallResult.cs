namespace OrderConfirm.Webhooks;

// What installing a shop's webhooks did, per topic: existing, created, reactivated (WooCommerce) or failed.
public sealed record WebhookTopicStatus(string Topic, string Status, string? Detail = null);

// CredentialsRejected: the shop refused the key or token, which only the store owner can fix (the store gets its
// attention flag); Error then says what to check.
public sealed record WebhookInstallResult(bool Succeeded, string? Error, bool CredentialsRejected, IReadOnlyList<WebhookTopicStatus> Topics);
