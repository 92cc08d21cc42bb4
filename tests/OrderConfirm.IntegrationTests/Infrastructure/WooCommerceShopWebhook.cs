using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The activation ping a store sends when a webhook is created, or its delivery URL changes while active. Status is
/// what the receiver answered, or null when the stub had no client to send it with (then it counts as a 200).
public sealed record WooCommerceShopPing(long WebhookId, string DeliveryUrl, int? Status);

/// A webhook as the store keeps it, secret included (the REST API never shows it).
public sealed record WooCommerceShopWebhook
{
    // WC_Webhook::get_default_topic_hooks(): since WC 10.9 also the list of valid resource.event topics.
    internal static readonly IReadOnlyDictionary<string, string[]> TopicHooks = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["coupon.created"] = ["woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"],
        ["coupon.updated"] = ["woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"],
        ["coupon.deleted"] = ["wp_trash_post"],
        ["coupon.restored"] = ["untrashed_post"],
        ["customer.created"] = ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
        ["customer.updated"] = ["profile_update", "woocommerce_update_customer"],
        ["customer.deleted"] = ["delete_user"],
        ["order.created"] = ["woocommerce_new_order"],
        ["order.updated"] = ["woocommerce_update_order", "woocommerce_order_refunded", "woocommerce_delete_order_refund"],
        ["order.deleted"] = ["wp_trash_post", "woocommerce_trash_order"],
        ["order.restored"] = ["untrashed_post", "woocommerce_untrash_order"],
        ["product.created"] = ["woocommerce_process_product_meta", "woocommerce_new_product", "woocommerce_new_product_variation"],
        ["product.updated"] = ["woocommerce_process_product_meta", "woocommerce_update_product", "woocommerce_update_product_variation"],
        ["product.deleted"] = ["wp_trash_post"],
        ["product.restored"] = ["untrashed_post"],
        ["product.published"] = ["woocommerce_product_published"],
    };

    public required long Id { get; init; }

    public required string Name { get; init; }

    /// active, paused (by the merchant) or disabled (by WooCommerce after repeated delivery failures).
    public required string Status { get; init; }

    public required string Topic { get; init; }

    public required string DeliveryUrl { get; init; }

    public required string Secret { get; init; }

    public required DateTime DateCreatedGmt { get; init; }

    /// Null until the first save after creation (the successful ping's).
    public DateTime? DateModifiedGmt { get; init; }

    public int FailureCount { get; init; }

    /// Set on creation, cleared by a ping the receiver answered with exactly 200.
    public bool PendingDelivery { get; init; }

    public string Resource => Topic.Split('.')[0];

    public string Event => Topic.Split('.') is [_, var e, ..] ? e : "";

    public IReadOnlyList<string> Hooks => Resource == "action" ? [Event] : TopicHooks.TryGetValue(Topic, out var hooks) ? hooks : [];

    /// wc_is_webhook_valid_topic(): a known resource.event pair, or a custom action.woocommerce_* / action.wc_* hook
    /// that is not on the deny list.
    internal static bool IsValidTopic(string topic)
    {
        if (topic is "action.woocommerce_login_credentials" or "action.woocommerce_product_csv_importer_check_import_file_path" or "action.woocommerce_webhook_should_deliver")
        {
            return false;
        }

        if (topic.StartsWith("action.", StringComparison.Ordinal))
        {
            var hook = topic["action.".Length..];
            return hook.StartsWith("woocommerce_", StringComparison.Ordinal) || hook.StartsWith("wc_", StringComparison.Ordinal);
        }

        return TopicHooks.ContainsKey(topic);
    }

    /// WC_REST_Webhooks_V2_Controller::prepare_item_for_response: never the secret.
    internal JsonObject ToJson(string siteUrl, TimeSpan siteOffset) => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["status"] = Status,
        ["topic"] = Topic,
        ["resource"] = Resource,
        ["event"] = Event,
        ["hooks"] = new JsonArray(Hooks.Select(h => (JsonNode)h).ToArray()),
        ["delivery_url"] = DeliveryUrl,
        ["date_created"] = WooCommerceShopDates.Local(DateCreatedGmt, siteOffset),
        ["date_created_gmt"] = WooCommerceShopDates.Gmt(DateCreatedGmt),
        ["date_modified"] = WooCommerceShopDates.Local(DateModifiedGmt, siteOffset),
        ["date_modified_gmt"] = WooCommerceShopDates.Gmt(DateModifiedGmt),
        ["_links"] = new JsonObject
        {
            ["self"] = new JsonArray(new JsonObject { ["href"] = $"{siteUrl}/wp-json/wc/v3/webhooks/{Id}", ["targetHints"] = new JsonObject { ["allow"] = new JsonArray("GET", "POST", "PUT", "PATCH", "DELETE") } }),
            ["collection"] = new JsonArray(new JsonObject { ["href"] = $"{siteUrl}/wp-json/wc/v3/webhooks" }),
        },
    };
}
