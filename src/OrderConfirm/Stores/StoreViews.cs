using OrderConfirm.RoboCall;
using OrderConfirm.Security;
using OrderConfirm.Sms;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.Stores;

// Builds what the API shows of a store, including the state of its Robo Call account and its paused SMS gateways.
public sealed class StoreViews(RoboCallAccounts accounts, KeyFingerprints fingerprints, SmsPauses smsPauses, CallPolicies policies, IConfiguration configuration)
{
    public async Task<StoreResponse> ToResponseAsync(Store store, HttpContext http, CancellationToken cancellationToken)
    {
        var policy = policies.For(store);
        var keySource = KeySource(store, policy);
        var account = "ok";
        if (policy.ApiKey is not null && await accounts.GetAsync(fingerprints.For(policy.ApiKey), cancellationToken) is { } state)
        {
            account = state.RejectedAt is not null ? "rejected" : state.OutOfBalanceAt is not null ? "out-of-balance" : "ok";
        }

        var paused = (await smsPauses.ListAsync(store.Id, cancellationToken))
            .Select(p => new SmsPauseView(p.Provider, UnixTime.FromMs(p.PausedAt), UnixTime.FromMs(p.CheckedAt), p.Detail))
            .ToList();
        var secrets = store.Secrets;
        return new StoreResponse(
            store.Id,
            store.Name,
            store.Platform,
            store.ShopDomain,
            store.ApiBaseUrl,
            store.Enabled,
            store.DisabledReason,
            store.Attention,
            WebhookUrl(store, http),
            new CredentialsView(secrets.AccessToken is not null, secrets.ConsumerKey is not null, secrets.ConsumerSecret is not null, secrets.WebhookSecret is not null, secrets.PreviousWebhookSecret is not null),
            new RoboCallView(store.VoiceId, keySource, account),
            new SmsView(store.SmsProvider, store.SmsFrom, secrets.SmsApiKey is not null, store.SmsFallbackProvider, secrets.SmsFallbackApiKey is not null, paused),
            store.Settings,
            new NoAnswerView(policy.NoAnswer.Reattempts, policy.NoAnswer.ReattemptAfter, policy.NoAnswer.ReattemptOn, policy.NoAnswer.Policy),
            store.Platform is Platforms.Shopify or Platforms.WooCommerce ? store.ReconciledThrough : null,
            store.CreatedAt,
            store.UpdatedAt);
    }

    // Whose Robo Call key dials for the store: its own, the service's default (RoboCall:ApiKey), or none.
    public static string KeySource(Store store, CallPolicy policy)
        => !string.IsNullOrWhiteSpace(store.Secrets.RoboCallApiKey) ? "store" : policy.ApiKey is null ? "none" : "default";

    private string WebhookUrl(Store store, HttpContext http)
    {
        var configured = configuration["PublicBaseUrl"];
        var root = string.IsNullOrWhiteSpace(configured) ? $"{http.Request.Scheme}://{http.Request.Host}" : configured.TrimEnd('/');
        return store.Platform switch
        {
            Platforms.Shopify => $"{root}/webhooks/shopify",
            Platforms.WooCommerce => $"{root}/webhooks/woocommerce/{store.Id}",
            _ => $"{root}/api/verifications",
        };
    }
}
