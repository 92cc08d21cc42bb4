using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The webhooks endpoints, as WC_REST_Webhooks_Controller answers, and the activation ping a new or moved webhook sends.
public sealed partial class WooCommerceStoreStub
{
    private Answer ListWebhooks(RestCall call, bool authenticated)
    {
        var errors = new ParamErrors();
        var page = errors.Integer(call, "page", 1, minimum: 1);
        var perPage = errors.Integer(call, "per_page", 10, minimum: 1, maximum: 100);
        var offset = errors.Integer(call, "offset", 0, minimum: null);
        var status = errors.Enum(call, "status", ["all", "active", "paused", "disabled"]) ?? "all";
        var search = errors.String(call, "search");
        var orderBy = errors.Enum(call, "orderby", ["date", "id", "title"]) ?? "date";
        var order = errors.Enum(call, "order", ["asc", "desc"]) ?? "desc";
        var include = IdList(call, "include");
        var exclude = IdList(call, "exclude");
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }

        List<WooCommerceShopWebhook> matching;
        lock (_gate)
        {
            matching = [.. _webhooks.Values.Where(w =>
                (status == "all" || w.Status == status)
                // `name` LIKE %search% under MySQL's case-insensitive collation.
                && (string.IsNullOrEmpty(search) || w.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
                && (include.Count == 0 || include.Contains(w.Id))
                && !exclude.Contains(w.Id))];
        }

        Func<WooCommerceShopWebhook, object> key = orderBy switch
        {
            "date" => w => w.DateCreatedGmt,
            "title" => w => w.Name,
            _ => w => w.Id,
        };
        matching = order == "asc" ? [.. matching.OrderBy(key).ThenBy(w => w.Id)] : [.. matching.OrderByDescending(key).ThenByDescending(w => w.Id)];
        var skip = call.Has("offset") ? offset : (page - 1) * perPage;
        var body = new JsonArray([.. matching.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)perPage).Select(w => (JsonNode)w.ToJson(BaseUrl, SiteUtcOffset))]);

        // WC_Webhook_Data_Store::search_webhooks: max_num_pages is 1 whenever the limit is 1.
        var pages = perPage > 1 ? (long)Math.Ceiling(matching.Count / (double)perPage) : 1;
        return Paged(Json(200, body), call, "/webhooks", page, matching.Count, pages);
    }

    private Answer GetWebhook(bool authenticated, long id)
    {
        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        }

        lock (_gate)
        {
            // get_item: an id of 0 is "Invalid ID." (404); any other unknown id fails in prepare_item_for_response
            // as "ID is invalid." with 400.
            return id == 0 ? Error(404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.")
                : _webhooks.TryGetValue(id, out var hook) ? Json(200, hook.ToJson(BaseUrl, SiteUtcOffset))
                : Error(400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");
        }
    }

    // WC_REST_Webhooks_V1_Controller::create_item: status is validated against the schema but then ignored (the post
    // status is forced to publish, i.e. active); the secret defaults to wp_generate_password(50, true, true); the 201
    // answer is prepared before the synchronous activation ping, whose result it does not reflect.
    private async Task<Answer> CreateWebhookAsync(RestCall call, bool authenticated)
    {
        var missing = new[] { "topic", "delivery_url" }.Where(p => !call.Has(p)).ToArray();
        if (missing.Length > 0)
        {
            return Missing(missing);
        }

        var errors = new ParamErrors();
        var name = errors.String(call, "name");
        errors.Enum(call, "status", WebhookStatuses);
        var topic = errors.String(call, "topic") ?? "";
        var deliveryUrl = errors.String(call, "delivery_url") ?? "";
        var secret = errors.String(call, "secret");
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }

        if (topic.Length == 0 || !WooCommerceShopWebhook.IsValidTopic(topic.ToLowerInvariant()))
        {
            return Error(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        }

        if (!IsValidUrl(deliveryUrl))
        {
            return Error(400, "woocommerce_rest_shop_webhook_invalid_delivery_url", "Webhook delivery URL must be a valid URL starting with http:// or https://.");
        }

        WooCommerceShopWebhook hook;
        Answer created;
        lock (_gate)
        {
            hook = NewWebhook(topic.Trim(), deliveryUrl, string.IsNullOrEmpty(secret) ? null : secret, string.IsNullOrEmpty(name) ? null : name);
            _webhooks[hook.Id] = hook;
            created = Json(201, hook.ToJson(BaseUrl, SiteUtcOffset)).With("Location", $"{BaseUrl}{ApiRoot}/webhooks/{hook.Id}");
        }

        await PingAsync(hook);
        return created;
    }

    private async Task<Answer> UpdateWebhookAsync(RestCall call, bool authenticated, long id)
    {
        var errors = new ParamErrors();
        var name = errors.String(call, "name");
        var status = errors.Enum(call, "status", WebhookStatuses);
        var topic = errors.String(call, "topic");
        var secret = errors.String(call, "secret");
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
        }

        // delivery_url is read-only in the schema, so it is not validated as an argument; update_item reads it anyway.
        var deliveryUrl = call.Param("delivery_url") is JsonValue url && url.GetValueKind() == JsonValueKind.String ? url.GetValue<string>() : null;
        WooCommerceShopWebhook hook;
        bool ping;
        lock (_gate)
        {
            if (!_webhooks.TryGetValue(id, out var current))
            {
                return Error(400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");
            }

            if (!string.IsNullOrEmpty(topic) && !WooCommerceShopWebhook.IsValidTopic(topic.ToLowerInvariant()))
            {
                return Error(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic must be valid.");
            }

            if (!string.IsNullOrEmpty(deliveryUrl) && !IsValidUrl(deliveryUrl))
            {
                return Error(400, "woocommerce_rest_shop_webhook_invalid_delivery_url", "Webhook delivery URL must be a valid URL starting with http:// or https://.");
            }

            if (!string.IsNullOrEmpty(secret))
            {
                LeakScan.Secret(secret);
            }

            hook = current with
            {
                Topic = string.IsNullOrEmpty(topic) ? current.Topic : topic.Trim(),
                DeliveryUrl = string.IsNullOrEmpty(deliveryUrl) ? current.DeliveryUrl : deliveryUrl,
                Secret = string.IsNullOrEmpty(secret) ? current.Secret : secret,
                Status = string.IsNullOrEmpty(status) ? current.Status : status,
                Name = string.IsNullOrEmpty(name) ? current.Name : name,
                DateModifiedGmt = Now(),
            };
            _webhooks[id] = hook;

            // WC_Webhook_Data_Store::update pings an active webhook whose delivery URL changed or that still waits for
            // its first successful ping.
            ping = hook.Status == "active" && (hook.DeliveryUrl != current.DeliveryUrl || hook.PendingDelivery);
        }

        if (ping)
        {
            await PingAsync(hook);
        }

        lock (_gate)
        {
            return _webhooks.TryGetValue(id, out var saved) ? Json(200, saved.ToJson(BaseUrl, SiteUtcOffset)) : Json(200, hook.ToJson(BaseUrl, SiteUtcOffset));
        }
    }

    private Answer DeleteWebhookCall(RestCall call, bool authenticated, long id)
    {
        var errors = new ParamErrors();
        var force = errors.Boolean(call, "force", false);
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
        }

        if (!force)
        {
            return Error(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
        }

        lock (_gate)
        {
            if (!_webhooks.Remove(id, out var hook))
            {
                return Error(404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.");
            }

            return Json(200, hook.ToJson(BaseUrl, SiteUtcOffset));
        }
    }

    // WC_Webhook::deliver_ping: POST webhook_id=N, no signature, 5 s timeout; only exactly 200 clears pending_delivery
    // (and that save is what first sets date_modified).
    private async Task PingAsync(WooCommerceShopWebhook hook)
    {
        HttpClient? client;
        lock (_gate)
        {
            client = _pingClient;
        }

        int? status = null;
        if (client is not null)
        {
            using var ping = WooCommerceWebhooks.PingTo(PathOf(hook.DeliveryUrl), hook.Id);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                using var response = await client.SendAsync(ping, timeout.Token);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // A WP_Error for WordPress: "Delivery URL cannot be reached".
                status = 0;
            }
        }

        lock (_gate)
        {
            _pings.Add(new WooCommerceShopPing(hook.Id, hook.DeliveryUrl, status));
            if (status is null or 200 && _webhooks.TryGetValue(hook.Id, out var current))
            {
                _webhooks[hook.Id] = current with { PendingDelivery = false, DateModifiedGmt = Now() };
            }
        }
    }
}
