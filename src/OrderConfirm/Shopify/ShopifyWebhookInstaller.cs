using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Webhooks;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Shopify;

/// Makes sure the shop sends us the topics we need: checks the token, lists the app's subscriptions, creates only
/// the missing ones. Safe to run any number of times (the recurring job does, because Shopify deletes a
/// subscription after 8 failed retries).
public sealed class ShopifyWebhookInstaller(ShopifyAdminClient admin, IOptionsMonitor<ShopifyOptions> options)
{
    public static readonly IReadOnlyList<string> Topics = ["ORDERS_CREATE", "ORDERS_CANCELLED", "ORDERS_UPDATED", "APP_UNINSTALLED"];

    public async Task<WebhookInstallResult> EnsureAsync(Store store, string callbackUrl, CancellationToken cancellationToken)
    {
        var check = await admin.ExecuteAsync(store, "query ShopCheck { shop { name } }", null, cancellationToken);
        if (check is not ShopAnswer<JsonElement>.Ok)
        {
            return Failure(check);
        }

        // 2025-10 unified the endpoint into `uri`; earlier versions use callbackUrl / endpoint.
        var usesUri = string.CompareOrdinal(options.CurrentValue.ApiVersion, "2025-10") >= 0;
        var list = await admin.ExecuteAsync(
            store,
            usesUri
                ? "query ListHooks { webhookSubscriptions(first: 100) { nodes { id topic uri } } }"
                : "query ListHooks { webhookSubscriptions(first: 100) { nodes { id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } } } }",
            null,
            cancellationToken);
        if (list is not ShopAnswer<JsonElement>.Ok listed)
        {
            return Failure(list);
        }

        var existing = Subscriptions(listed.Value, usesUri).Where(s => string.Equals(s.Url, callbackUrl, StringComparison.OrdinalIgnoreCase)).Select(s => s.Topic).ToHashSet();
        var statuses = new List<WebhookTopicStatus>();
        foreach (var topic in Topics)
        {
            if (existing.Contains(topic))
            {
                statuses.Add(new WebhookTopicStatus(topic, "existing"));
                continue;
            }

            var create = await admin.ExecuteAsync(
                store,
                """
                mutation CreateHook($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
                  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) { webhookSubscription { id } userErrors { field message } }
                }
                """,
                new { topic, sub = usesUri ? (object)new { uri = callbackUrl, format = "JSON" } : new { callbackUrl, format = "JSON" } },
                cancellationToken);
            statuses.Add(create switch
            {
                ShopAnswer<JsonElement>.Ok ok when UserErrors(ok.Value) is { } errors => new WebhookTopicStatus(topic, "failed", errors),
                ShopAnswer<JsonElement>.Ok => new WebhookTopicStatus(topic, "created"),
                var other => new WebhookTopicStatus(topic, "failed", Reason(other)),
            });
        }

        var failed = statuses.Where(s => s.Status == "failed").ToList();
        return new WebhookInstallResult(failed.Count == 0, failed.Count == 0 ? null : $"{failed.Count} subscription(s) could not be created", false, statuses);
    }

    private static WebhookInstallResult Failure(ShopAnswer<JsonElement> result)
        => new(false, Reason(result), result is ShopAnswer<JsonElement>.Refused, []);

    private static string Reason(ShopAnswer<JsonElement> result) => result switch
    {
        ShopAnswer<JsonElement>.Refused r => r.Reason,
        ShopAnswer<JsonElement>.TryLater t => t.Reason,
        ShopAnswer<JsonElement>.Failed f => f.Reason,
        _ => "unexpected answer",
    };

    private static IEnumerable<(string Topic, string? Url)> Subscriptions(JsonElement data, bool usesUri)
    {
        if (!data.TryGetProperty("webhookSubscriptions", out var connection) || !connection.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var node in nodes.EnumerateArray())
        {
            var topic = node.TryGetProperty("topic", out var t) ? t.GetString() ?? "" : "";
            string? url = null;
            if (usesUri && node.TryGetProperty("uri", out var uri))
            {
                url = uri.GetString();
            }
            else if (node.TryGetProperty("endpoint", out var endpoint) && endpoint.ValueKind == JsonValueKind.Object && endpoint.TryGetProperty("callbackUrl", out var callback))
            {
                url = callback.GetString();
            }

            yield return (topic, url);
        }
    }

    private static string? UserErrors(JsonElement data)
    {
        if (!data.TryGetProperty("webhookSubscriptionCreate", out var payload) || !payload.TryGetProperty("userErrors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var messages = errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : null).Where(m => !string.IsNullOrEmpty(m)).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }
}
