using OrderConfirm.Stores;
using OrderConfirm.Webhooks;

namespace OrderConfirm.WooCommerce;

/// A PATCH of a WooCommerce store: a new webhook secret is given to every webhook of ours in the shop at once (PUT
/// webhooks/{id}), after it was stored and so is already accepted. If the shop cannot be reached the PATCH still
/// succeeds and says so: the hourly ensure job gives the secret later, and every secret a webhook may still hold stays
/// accepted until then (WooCommerceWebhookSecrets).
public sealed class WooCommerceSecretRotation(
    WooCommerceWebhookInstaller installer, WooCommerceWebhookLedger ledger, StoreRepository stores, IConfiguration configuration)
{
    private const string Later = "the hourly webhook check gives it to them, and the secrets they may still hold stay accepted until then";

    /// What giving the new secret to the shop's webhooks did, or null when the PATCH did not rotate it.
    public async Task<WebhookInstallResult?> AfterUpdateAsync(Store before, Store after, CancellationToken cancellationToken)
    {
        if (after.Platform != WooCommercePlatform.Key)
        {
            return null;
        }

        if (!string.Equals(before.ApiBaseUrl, after.ApiBaseUrl, StringComparison.Ordinal))
        {
            // Another site: the webhook ids we knew belong to the old one.
            await ledger.ForgetAsync(after.Id, cancellationToken);
        }

        if (after.Secrets.WebhookSecretVersion == before.Secrets.WebhookSecretVersion)
        {
            return null;
        }

        if (WooCommerceDeliveryUrl.For(configuration, after.Id) is not { } deliveryUrl)
        {
            return new WebhookInstallResult(false, $"PublicBaseUrl is not set, so the store's webhooks cannot be found to give them the new secret; {Later}", false, []);
        }

        var result = await installer.UpdateSecretAsync(after, deliveryUrl, cancellationToken);
        if (result.CredentialsRejected)
        {
            await stores.SetAttentionAsync(after.Id, $"Webhook secret rotation: {result.Error}", cancellationToken);
        }

        return result.Succeeded ? result : result with { Error = $"{result.Error}; {Later}" };
    }
}
