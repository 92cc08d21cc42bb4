using OrderConfirm.Stores;
using OrderConfirm.Webhooks;

namespace OrderConfirm.WooCommerce;

/// Makes sure the store sends us the order topics: lists its webhooks (which also checks the key), creates only the
/// missing ones and re-activates ours that WooCommerce disabled after failed deliveries or someone paused. Safe to run
/// any number of times; the recurring job does, because WooCommerce never re-sends a failed delivery and disables a
/// webhook after a handful of them.
public sealed class WooCommerceWebhookInstaller(WooCommerceClient client)
{
    public const string Active = "active";

    public static readonly IReadOnlyList<string> Topics = ["order.created", "order.updated", "order.deleted"];

    // 100 webhooks a page: a store with more than 2,000 has a problem this service cannot fix.
    private const int MaxPages = 20;

    public async Task<WebhookInstallResult> EnsureAsync(Store store, string deliveryUrl, CancellationToken cancellationToken)
    {
        if (store.Secrets.WebhookSecret is not { Length: > 0 } secret)
        {
            // StoresApi gives every WooCommerce store one; a store saved before that was added may lack it.
            return new WebhookInstallResult(false, "The store has no webhook secret; set webhookSecret on the store.", false, []);
        }

        // Listing webhooks is the key check: it needs an accepted key whose user may manage WooCommerce, as creating
        // them does. Every page, every status: a disabled webhook of ours must be found, not duplicated.
        var hooks = new List<WooWebhook>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var listed = await client.ListWebhooksAsync(store, page, cancellationToken);
            if (listed is not WooAnswer<List<WooWebhook>>.Ok ok)
            {
                return new WebhookInstallResult(false, Reason(listed), listed is WooAnswer<List<WooWebhook>>.Refused, []);
            }

            hooks.AddRange(ok.Value);
            if (page >= (ok.TotalPages ?? 1) || ok.Value.Count == 0)
            {
                break;
            }
        }

        var statuses = new List<WebhookTopicStatus>();
        string? refused = null;
        foreach (var topic in Topics)
        {
            var ours = hooks.Where(h => string.Equals(h.Topic, topic, StringComparison.OrdinalIgnoreCase) && WooCommerceDeliveryUrl.Same(h.DeliveryUrl, deliveryUrl)).OrderBy(h => h.Id).ToList();
            if (ours.Any(h => h.Status == Active))
            {
                statuses.Add(new WebhookTopicStatus(topic, "existing"));
                continue;
            }

            if (ours.FirstOrDefault() is { } stopped)
            {
                // WooCommerce never shows a secret, so ours is sent again: a rotated store secret takes effect here.
                var update = await client.UpdateWebhookAsync(store, stopped.Id, new WooWebhookUpdate(Active, secret, deliveryUrl), cancellationToken);
                refused ??= (update as WooAnswer<WooWebhook>.Refused)?.Hint;
                statuses.Add(update is WooAnswer<WooWebhook>.Ok
                    ? new WebhookTopicStatus(topic, "reactivated", $"webhook {stopped.Id} was {stopped.Status}")
                    : new WebhookTopicStatus(topic, "failed", $"webhook {stopped.Id} is still {stopped.Status}: {Reason(update)}"));
                continue;
            }

            // Sent once; an answer lost on the way is found by the next listing instead of creating a twin.
            var create = await client.CreateWebhookAsync(store, new WooWebhookCreate($"OrderConfirm {topic}", topic, deliveryUrl, secret), cancellationToken);
            refused ??= (create as WooAnswer<WooWebhook>.Refused)?.Hint;
            statuses.Add(create switch
            {
                WooAnswer<WooWebhook>.Ok => new WebhookTopicStatus(topic, "created"),
                WooAnswer<WooWebhook>.TryLater later => new WebhookTopicStatus(topic, "failed", $"{later.Reason}; it may have been created, installing again finds out"),
                var other => new WebhookTopicStatus(topic, "failed", Reason(other)),
            });
        }

        // A read-only key lists webhooks but cannot create them: that is a key problem too.
        var failed = statuses.Count(s => s.Status == "failed");
        return new WebhookInstallResult(
            failed == 0,
            refused ?? (failed == 0 ? null : $"{failed} webhook(s) could not be created or re-activated"),
            refused is not null,
            statuses);
    }

    private static string Reason<T>(WooAnswer<T> answer) => answer switch
    {
        WooAnswer<T>.Refused refused => refused.Hint,
        WooAnswer<T>.NotFound notFound => $"WooCommerce's REST API answered 404 ({notFound.Code}): check the store's apiBaseUrl (the site URL; a site with plain permalinks needs the ?rest_route= form) and that WooCommerce is active",
        WooAnswer<T>.TryLater later => later.Reason,
        WooAnswer<T>.Failed failed => failed.Reason,
        _ => "unexpected answer",
    };
}
