using OrderConfirm.RoboCall;
using OrderConfirm.Security;
using OrderConfirm.Sms;
using OrderConfirm.Storage;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.StoreAdmin;

// Builds what the API shows of a store, including the state of its Robo Call account and its paused SMS gateways.
public sealed class StoreViews(RoboCallAccounts accounts, KeyFingerprints fingerprints, SmsPauses smsPauses, CallPolicyResolver policies, ShopPlatforms platforms, StoreChecks checks, StoreApiKeys apiKeys, IConfiguration configuration)
{
    public async Task<StoreResponse> ToResponseAsync(Store store, HttpContext http, CancellationToken cancellationToken)
    {
        var policy = policies.For(store);
        var keySource = policy.KeySource(store);
        var account = "ok";
        if (policy.ApiKey is not null && await accounts.GetAsync(fingerprints.For(policy.ApiKey), cancellationToken) is { } state)
        {
            account = state.RejectedAt is not null ? "rejected" : state.OutOfBalanceAt is not null ? "out-of-balance" : "ok";
        }

        var paused = (await smsPauses.ListAsync(store.Id, cancellationToken))
            .Select(p => new SmsPauseView(p.Provider, UnixTime.FromMs(p.PausedAt), UnixTime.FromMs(p.CheckedAt), p.Detail))
            .ToList();
        var secrets = store.Secrets;
        var platform = platforms.Find(store.Platform);
        return new StoreResponse(
            store.Id,
            store.Name,
            store.Platform,
            store.ShopDomain,
            store.ApiBaseUrl,
            store.Enabled,
            store.DisabledReason,
            store.Attention,
            WebhookUrl(store, platform, http),
            new CredentialsView(secrets.AccessToken is not null, secrets.ConsumerKey is not null, secrets.ConsumerSecret is not null, secrets.WebhookSecret is not null, secrets.PreviousWebhookSecret is not null),
            new RoboCallView(store.VoiceId, keySource, account),
            new SmsView(store.SmsProvider, store.SmsFrom, secrets.SmsApiKey is not null, store.SmsFallbackProvider, secrets.SmsFallbackApiKey is not null, paused),
            checks.Show(store.Settings),
            new NoAnswerView(policy.NoAnswer.Reattempts, policy.NoAnswer.ReattemptAfter, policy.NoAnswer.ReattemptOn, policy.NoAnswer.Policy),
            platform?.Reconciliation is not null ? store.ReconciledThrough : null,
            store.CreatedAt,
            store.UpdatedAt)
        {
            ApiKey = await apiKeys.DescribeAsync(store.Id, cancellationToken),
        };
    }

    // Where the store's orders arrive: the platform's webhook URL, or the verifications API for a shop that posts them.
    private string WebhookUrl(Store store, IShopPlatform? platform, HttpContext http)
    {
        var root = PublicAddress.Root(configuration) ?? $"{http.Request.Scheme}://{http.Request.Host}";
        return root + (platform?.OrdersPath(store) ?? "/api/verifications");
    }
}
