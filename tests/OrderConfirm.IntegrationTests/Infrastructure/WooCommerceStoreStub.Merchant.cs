namespace OrderConfirm.IntegrationTests.Infrastructure;

/// What the merchant and checkout do to the store (orders placed, status changes, edits, the bin; webhooks made,
/// paused, disabled or deleted in wp-admin), and the deliveries and activation pings the store sends.
public sealed partial class WooCommerceStoreStub
{
    /// A new order as checkout leaves it: by default a COD order in processing, id 4817 upwards with numbers WC-1001
    /// upwards (so number != id), a fresh registered phone as billing phone, empty shipping phone, PKR, and meta of
    /// mixed JSON types. Created a second ago, modified now.
    public WooCommerceShopOrder AddOrder(long? id = null, string? number = null, string status = "processing", string? phone = null, string shippingPhone = "",
        string paymentMethod = "cod", string total = "3749.00", IEnumerable<(string Key, object? Value)>? meta = null)
    {
        phone ??= RoboCallStub.NewPhone().AsTyped;
        lock (_gate)
        {
            var orderId = id ?? NextFreeOrderId();
            if (_orders.ContainsKey(orderId))
            {
                throw new InvalidOperationException($"Order {orderId} already exists.");
            }

            var order = WooCommerceShopOrder.Checkout(orderId, number ?? $"WC-{_nextOrderNumber++}", status, phone, shippingPhone, paymentMethod, total, meta, Now().AddSeconds(-1), () => _nextMetaId++);
            _orders[orderId] = order;
            _notes[orderId] = [];
            if (paymentMethod == "cod" && status is "processing" or "on-hold")
            {
                // What WC_Gateway_COD::process_payment leaves on the order (on-hold when it has downloadable items).
                AddNote(orderId, "system", $"Payment to be made upon delivery. Order status changed from Pending payment to {Label(status)}.", customerNote: false);
            }

            return order;
        }
    }

    public WooCommerceShopOrder? Order(long id)
    {
        lock (_gate)
        {
            return _orders.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<WooCommerceShopOrder> Orders
    {
        get { lock (_gate) { return [.. _orders.Values.OrderBy(o => o.Id)]; } }
    }

    /// The order's notes, oldest first (the API lists them newest first).
    public IReadOnlyList<WooCommerceShopNote> Notes(long orderId)
    {
        lock (_gate)
        {
            return _notes.TryGetValue(orderId, out var notes) ? [.. notes] : [];
        }
    }

    /// The order's JSON exactly as GET /orders/{id} and an order.* webhook body carry it now.
    public string OrderJson(long id)
    {
        lock (_gate)
        {
            return PhpJson.Encode(Existing(id).ToJson(BaseUrl, SiteUtcOffset));
        }
    }

    /// The merchant changes the status in wp-admin: WooCommerce notes the change in the shop manager's name.
    public WooCommerceShopOrder SetStatus(long id, string status)
    {
        if (!OrderStatuses.Contains(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "not a registered order status");
        }

        lock (_gate)
        {
            return ChangeStatus(Existing(id), status, ShopManager);
        }
    }

    /// Any other change the merchant makes (address, phone, totals, meta): saved like an admin edit, so
    /// date_modified moves. Status changes go through SetStatus / Trash / Restore, which note them as WooCommerce does.
    public WooCommerceShopOrder Edit(long id, Func<WooCommerceShopOrder, WooCommerceShopOrder> change)
    {
        lock (_gate)
        {
            var changed = change(Existing(id)) with { Id = id, DateModifiedGmt = Now() };
            _orders[id] = changed;
            return changed;
        }
    }

    /// The merchant moves the order to the bin: it answers with status "trash", drops out of default listings, and
    /// WooCommerce fires order.deleted. No status note (the trash path bypasses set_status).
    public WooCommerceShopOrder Trash(long id)
    {
        lock (_gate)
        {
            var order = Existing(id);
            var trashed = order with { Status = "trash", StatusBeforeTrash = order.Status == "trash" ? order.StatusBeforeTrash : order.Status, DateModifiedGmt = Now() };
            _orders[id] = trashed;
            return trashed;
        }
    }

    /// The merchant restores a trashed order to the status it had (order.restored).
    public WooCommerceShopOrder Restore(long id)
    {
        lock (_gate)
        {
            var order = Existing(id);
            var restored = order with { Status = order.StatusBeforeTrash ?? "pending", StatusBeforeTrash = null, DateModifiedGmt = Now() };
            _orders[id] = restored;
            return restored;
        }
    }

    /// The merchant deletes the order permanently: it is gone (404) and its notes with it.
    public void Delete(long id)
    {
        lock (_gate)
        {
            _orders.Remove(id);
            _notes.Remove(id);
        }
    }

    // ---------------------------------------------------------------- webhooks

    /// A webhook the store already has (made in wp-admin or by an earlier install). Without a secret one is generated
    /// as wp-admin does (50 characters with specials); either way it is registered with LeakScan.
    public WooCommerceShopWebhook AddWebhook(string topic, string deliveryUrl, string? secret = null, string? name = null, string status = "active")
    {
        if (!WooCommerceShopWebhook.IsValidTopic(topic) || !WebhookStatuses.Contains(status))
        {
            throw new ArgumentException($"Not a webhook WooCommerce would keep: {topic} {status}");
        }

        lock (_gate)
        {
            var hook = NewWebhook(topic, deliveryUrl, secret, name) with { Status = status, PendingDelivery = false, DateModifiedGmt = Now() };
            _webhooks[hook.Id] = hook;
            return hook;
        }
    }

    public WooCommerceShopWebhook? Webhook(long id)
    {
        lock (_gate)
        {
            return _webhooks.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<WooCommerceShopWebhook> Webhooks
    {
        get { lock (_gate) { return [.. _webhooks.Values.OrderBy(w => w.Id)]; } }
    }

    /// The secret the webhook was last created or updated with (the API never shows it).
    public string SecretOf(long id)
    {
        lock (_gate)
        {
            return ExistingWebhook(id).Secret;
        }
    }

    /// What WooCommerce does after more than five consecutive failed deliveries: status disabled, the failure
    /// counter left at 6, so one more failure after re-activation disables it again.
    public WooCommerceShopWebhook DisableWebhook(long id) => ChangeWebhook(id, w => w with { Status = "disabled", FailureCount = 6 });

    /// The merchant pauses the webhook in wp-admin.
    public WooCommerceShopWebhook PauseWebhook(long id) => ChangeWebhook(id, w => w with { Status = "paused" });

    /// The merchant deletes the webhook in wp-admin.
    public void DeleteWebhook(long id)
    {
        lock (_gate)
        {
            _webhooks.Remove(id);
        }
    }

    /// The delivery this store would send now for the webhook and order: the body is built at delivery time from the
    /// order as it is (order.deleted carries only the id, action.* topics {action, arg}; an order gone by then gives
    /// the REST error object as the body), signed with the webhook's current secret, posted to the delivery URL's path.
    /// Throws where WooCommerce sends nothing: a webhook that is not active, an order in draft/auto-draft/new.
    public HttpRequestMessage Delivery(long webhookId, long orderId)
    {
        string body;
        WooCommerceShopWebhook hook;
        lock (_gate)
        {
            hook = ExistingWebhook(webhookId);
            if (hook.Status != "active")
            {
                throw new InvalidOperationException($"Webhook {webhookId} is {hook.Status}; WooCommerce delivers nothing for it.");
            }

            if (hook.Resource is not ("order" or "action"))
            {
                throw new InvalidOperationException($"The stub only builds order payloads, not {hook.Topic}.");
            }

            var order = _orders.GetValueOrDefault(orderId);
            if (hook.Resource == "order" && order?.Status is "draft" or "auto-draft" or "new")
            {
                throw new InvalidOperationException($"Order {orderId} is {order.Status}; WC_Webhook::is_valid_resource skips it.");
            }

            // build_payload(): the internal GET's answer, whatever it is (RestApiUtil::get_endpoint_data).
            body = hook.Resource == "action" ? WooCommerceWebhooks.Action(hook.Hooks[0], orderId)
                : hook.Event == "deleted" ? WooCommerceWebhooks.Deleted(orderId)
                : order is null ? """{"code":"woocommerce_rest_shop_order_invalid_id","message":"Invalid ID.","data":{"status":404}}"""
                : PhpJson.Encode(order.ToJson(BaseUrl, SiteUtcOffset));
        }

        return WooCommerceWebhooks.DeliveryTo(PathOf(hook.DeliveryUrl), hook.Topic, body, hook.Secret, deliveryId: null, hook.Id, Source);
    }

    /// The activation ping for the webhook, addressed to its delivery URL's path.
    public HttpRequestMessage Ping(long webhookId)
    {
        lock (_gate)
        {
            var hook = ExistingWebhook(webhookId);
            return WooCommerceWebhooks.PingTo(PathOf(hook.DeliveryUrl), hook.Id);
        }
    }
}
