using OrderConfirm.Stores;
using OrderConfirm.Webhooks;
using OrderConfirm.Toolkit;

namespace OrderConfirm.WooCommerce;

/// Makes sure the store sends us the order topics, signed with the store's current secret: lists its webhooks (which
/// also checks the key), creates only the missing ones, re-activates ours that WooCommerce disabled after failed
/// deliveries or someone paused, and gives the current secret to every webhook of ours that was not given it (a
/// rotation that did not reach it, or one made by hand). Safe to run any number of times; the recurring job does,
/// because WooCommerce never re-sends a failed delivery and disables a webhook after a handful of them.
public sealed class WooCommerceWebhookInstaller(WooCommerceClient client, WooCommerceWebhookLedger ledger, StoreRepository stores, TimeProvider clock)
{
    public const string Active = "active";

    public static readonly IReadOnlyList<string> Topics = ["order.created", "order.updated", "order.deleted"];

    // 100 webhooks a page: a store with more than 2,000 has a problem this service cannot fix.
    private const int MaxPages = 20;

    /// Install (or repair) the webhooks: create, re-activate, give the current secret.
    public Task<WebhookInstallResult> EnsureAsync(Store store, string deliveryUrl, CancellationToken cancellationToken)
        => RunAsync(store, deliveryUrl, install: true, cancellationToken);

    /// A rotation: give the current secret to every webhook of ours, whatever its status; create nothing.
    public Task<WebhookInstallResult> UpdateSecretAsync(Store store, string deliveryUrl, CancellationToken cancellationToken)
        => RunAsync(store, deliveryUrl, install: false, cancellationToken);

    private async Task<WebhookInstallResult> RunAsync(Store store, string deliveryUrl, bool install, CancellationToken cancellationToken)
    {
        if (store.Secrets.WebhookSecret is not { Length: > 0 })
        {
            // StoresApi gives every WooCommerce store one; a store saved before that was added may lack it.
            return new WebhookInstallResult(false, "The store has no webhook secret; set webhookSecret on the store.", false, []);
        }

        // Listing webhooks is the key check: it needs an accepted key whose user may manage WooCommerce, as creating
        // them does. Every page, every status: a disabled webhook of ours must be found, not duplicated.
        var hooks = new List<WooCommerceWebhook>();
        var complete = false;
        for (var page = 1; page <= MaxPages && !complete; page++)
        {
            var listed = await client.ListWebhooksAsync(store, page, cancellationToken);
            if (listed is not ShopAnswer<List<WooCommerceWebhook>>.Ok ok)
            {
                return new WebhookInstallResult(false, Reason(listed), listed is ShopAnswer<List<WooCommerceWebhook>>.Refused, []);
            }

            hooks.AddRange(ok.Value);
            complete = page >= (ok.TotalPages ?? 1) || ok.Value.Count == 0;
        }

        var run = new Run(client, ledger, store, deliveryUrl, await ledger.GivenAsync(store.Id, cancellationToken));
        var ours = hooks.Where(h => WooCommerceDeliveryUrl.Same(h.DeliveryUrl, deliveryUrl)).OrderBy(h => h.Id).ToList();
        var statuses = new List<WebhookTopicStatus>();
        var done = new HashSet<long>();
        if (install)
        {
            foreach (var topic in Topics)
            {
                statuses.Add(await run.EnsureTopicAsync(topic, ours.Where(h => string.Equals(h.Topic, topic, StringComparison.OrdinalIgnoreCase)).ToList(), done, cancellationToken));
            }
        }

        // Every other webhook of ours (another topic, a second one of a topic, or all of them on a rotation) signs our
        // deliveries too, whatever its status: a paused one activated by hand must not come back with an old secret.
        var others = 0;
        foreach (var hook in ours.Where(h => !done.Contains(h.Id)))
        {
            var status = await run.GiveSecretAsync(hook, cancellationToken);
            if (!install)
            {
                statuses.Add(status);
            }
            else if (status.Status == "failed")
            {
                others++;
            }
        }

        // Every webhook of ours now holds the current secret: the older ones start to expire (see WooCommerceWebhookSecrets).
        if (complete && run.Failed == 0)
        {
            // Every webhook of ours holds the current secret: the older ones start their grace time.
            await stores.ChangeSecretsAsync(store.Id, store.Secrets.WebhookSecretVersion, secrets => WooCommerceWebhookSecrets.Confirm(secrets, clock.GetUtcNow()), cancellationToken);
        }

        // A read-only key lists webhooks but cannot create them: that is a key problem too.
        var failed = statuses.Count(s => s.Status == "failed") + others;
        return new WebhookInstallResult(
            failed == 0,
            run.Refused ?? (failed == 0 ? null : $"{failed} webhook(s) could not be created, re-activated or given the current secret"),
            run.Refused is not null,
            statuses);
    }

    internal static string Reason<T>(ShopAnswer<T> answer) => answer switch
    {
        ShopAnswer<T>.Refused refused => refused.Reason,
        ShopAnswer<T>.NotFound notFound => $"WooCommerce's REST API answered 404 ({notFound.Code}): check the store's apiBaseUrl (the site URL; a site with plain permalinks needs the ?rest_route= form) and that WooCommerce is active",
        ShopAnswer<T>.TryLater later => later.Reason,
        ShopAnswer<T>.Failed failed => failed.Reason,
        _ => "unexpected answer",
    };

    // One run over one store's webhooks: what each was given is recorded as soon as WooCommerce accepted it.
    private sealed class Run(WooCommerceClient client, WooCommerceWebhookLedger ledger, Store store, string deliveryUrl, IReadOnlyDictionary<long, int> given)
    {
        private readonly string _secret = store.Secrets.WebhookSecret!;
        private readonly int _version = store.Secrets.WebhookSecretVersion;

        public int Failed { get; private set; }

        public string? Refused { get; private set; }

        public async Task<WebhookTopicStatus> EnsureTopicAsync(string topic, List<WooCommerceWebhook> ours, HashSet<long> done, CancellationToken cancellationToken)
        {
            if (ours.Where(h => h.Status == Active).ToList() is { Count: > 0 } active)
            {
                var updated = 0;
                foreach (var hook in active)
                {
                    done.Add(hook.Id);
                    var status = await GiveSecretAsync(hook, cancellationToken);
                    if (status.Status == "failed")
                    {
                        return status with { Topic = topic };
                    }

                    updated += status.Status == "updated" ? 1 : 0;
                }

                return new WebhookTopicStatus(topic, updated > 0 ? "updated" : "existing", updated > 0 ? "given the store's current webhook secret" : null);
            }

            if (ours.Count > 0 && ours[0] is { } stopped)
            {
                // WooCommerce never shows a secret, so ours is sent again with the status.
                done.Add(stopped.Id);
                var update = await UpdateAsync(stopped.Id, new WooCommerceWebhookUpdate(Active, _secret, deliveryUrl), cancellationToken);
                return update is ShopAnswer<WooCommerceWebhook>.Ok
                    ? new WebhookTopicStatus(topic, "reactivated", $"webhook {stopped.Id} was {stopped.Status}")
                    : new WebhookTopicStatus(topic, "failed", $"webhook {stopped.Id} is still {stopped.Status}: {Reason(update)}");
            }

            // Sent once; an answer lost on the way is found by the next listing instead of creating a twin.
            var create = await client.CreateWebhookAsync(store, new WooCommerceWebhookCreate($"OrderConfirm {topic}", topic, deliveryUrl, _secret), cancellationToken);
            Refused ??= (create as ShopAnswer<WooCommerceWebhook>.Refused)?.Reason;
            if (create is ShopAnswer<WooCommerceWebhook>.Ok created)
            {
                await ledger.RecordAsync(store.Id, created.Value.Id, _version, cancellationToken);
                return new WebhookTopicStatus(topic, "created");
            }

            Failed++;
            return create is ShopAnswer<WooCommerceWebhook>.TryLater later
                ? new WebhookTopicStatus(topic, "failed", $"{later.Reason}; it may have been created, installing again finds out")
                : new WebhookTopicStatus(topic, "failed", Reason(create));
        }

        // The current secret, unless the webhook was given it already; its status and URL are left alone.
        public async Task<WebhookTopicStatus> GiveSecretAsync(WooCommerceWebhook hook, CancellationToken cancellationToken)
        {
            var topic = hook.Topic ?? "";
            if (given.TryGetValue(hook.Id, out var version) && version == _version)
            {
                return new WebhookTopicStatus(topic, "existing", $"webhook {hook.Id}");
            }

            var update = await UpdateAsync(hook.Id, new WooCommerceWebhookUpdate(null, _secret, null), cancellationToken);
            return update is ShopAnswer<WooCommerceWebhook>.Ok
                ? new WebhookTopicStatus(topic, "updated", $"webhook {hook.Id} given the store's current webhook secret")
                : new WebhookTopicStatus(topic, "failed", $"webhook {hook.Id} keeps the secret it had: {Reason(update)}");
        }

        private async Task<ShopAnswer<WooCommerceWebhook>> UpdateAsync(long webhookId, WooCommerceWebhookUpdate update, CancellationToken cancellationToken)
        {
            var answer = await client.UpdateWebhookAsync(store, webhookId, update, cancellationToken);
            if (answer is ShopAnswer<WooCommerceWebhook>.Ok)
            {
                await ledger.RecordAsync(store.Id, webhookId, _version, cancellationToken);
            }
            else
            {
                Failed++;
                Refused ??= (answer as ShopAnswer<WooCommerceWebhook>.Refused)?.Reason;
            }

            return answer;
        }
    }
}
