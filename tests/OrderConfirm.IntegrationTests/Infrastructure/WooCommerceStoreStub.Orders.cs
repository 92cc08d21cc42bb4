using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The orders and order-notes endpoints, as WC_REST_Orders_Controller and WC_REST_Order_Notes_Controller answer.
public sealed partial class WooCommerceStoreStub
{
    private Answer GetOrder(bool authenticated, long id)
    {
        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        }

        lock (_gate)
        {
            return _orders.TryGetValue(id, out var order)
                ? Json(200, order.ToJson(BaseUrl, SiteUtcOffset))
                : Error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }
    }

    // WC_REST_Orders_Controller::update_item: writable fields are applied, meta_data upserted by key (or by id),
    // the status set last so its transition note sees the new data, then the order is saved (date_modified moves on
    // every save) and read back from the database.
    private Answer UpdateOrder(RestCall call, bool authenticated, long id)
    {
        var errors = new ParamErrors();
        var status = errors.Enum(call, "status", OrderStatuses);
        var meta = errors.MetaData(call);
        var customerNote = errors.String(call, "customer_note");
        var billing = errors.Object(call, "billing");
        var shipping = errors.Object(call, "shipping");
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
        }

        lock (_gate)
        {
            if (!_orders.TryGetValue(id, out var order))
            {
                return Error(400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }

            if (meta is not null)
            {
                order = order with { Meta = UpsertMeta(order.Meta, meta) };
            }

            order = order with
            {
                CustomerNote = customerNote ?? order.CustomerNote,
                Billing = billing is null ? order.Billing : WithAddress(order.Billing, billing),
                Shipping = shipping is null ? order.Shipping : WithAddress(order.Shipping, shipping),
                DateModifiedGmt = Now(),
            };
            _orders[id] = order;
            if (!string.IsNullOrEmpty(status))
            {
                order = ChangeStatus(order, status, author: "system");
            }

            return Json(200, order.ToJson(BaseUrl, SiteUtcOffset));
        }
    }

    private Answer ListOrders(RestCall call, bool authenticated)
    {
        var errors = new ParamErrors();
        var page = errors.Integer(call, "page", 1, minimum: 1);
        var perPage = errors.Integer(call, "per_page", 10, minimum: 1, maximum: 100);
        var offset = errors.Integer(call, "offset", 0, minimum: null);
        var statuses = errors.List(call, "status", ["any", "trash", .. OrderStatuses], ["any"]);
        var after = errors.Date(call, "after");
        var before = errors.Date(call, "before");
        var modifiedAfter = errors.Date(call, "modified_after");
        var modifiedBefore = errors.Date(call, "modified_before");
        var gmt = errors.Boolean(call, "dates_are_gmt", false);
        var orderBy = errors.Enum(call, "orderby", ["date", "id", "include", "title", "slug", "modified"]) ?? "date";
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

        List<WooCommerceShopOrder> matching;
        lock (_gate)
        {
            matching = [.. _orders.Values];
        }

        // 'any' is WP_Query's: every status except those excluded from search (trash, auto-draft).
        var anyStatus = statuses.Contains("any");
        DateTime Column(WooCommerceShopOrder o, bool modified) => (modified ? o.DateModifiedGmt : o.DateCreatedGmt) + (gmt ? TimeSpan.Zero : SiteUtcOffset);
        matching = [.. matching.Where(o =>
            (anyStatus ? o.Status is not ("trash" or "auto-draft") : statuses.Contains(o.Status))
            && (include.Count == 0 || include.Contains(o.Id))
            && !exclude.Contains(o.Id)
            // WP_Date_Query's after/before are exclusive.
            && (after is not { } a || Column(o, false) > a)
            && (before is not { } b || Column(o, false) < b)
            && (modifiedAfter is not { } ma || Column(o, true) > ma)
            && (modifiedBefore is not { } mb || Column(o, true) < mb))];

        // orderby date/modified gets ID appended for stable paging (WC_REST_CRUD_Controller::prepare_objects_query).
        Func<WooCommerceShopOrder, object> key = orderBy switch
        {
            "modified" => o => o.DateModifiedGmt,
            "date" => o => o.DateCreatedGmt,
            "include" => o => include.IndexOf(o.Id),
            _ => o => o.Id,
        };
        matching = order == "asc"
            ? [.. matching.OrderBy(key).ThenBy(o => o.Id)]
            : [.. matching.OrderByDescending(key).ThenByDescending(o => o.Id)];

        var skip = call.Has("offset") ? offset : (page - 1) * perPage;
        var pageItems = matching.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)perPage);
        var body = new JsonArray([.. pageItems.Select(o => (JsonNode)o.ToJson(BaseUrl, SiteUtcOffset))]);
        var pages = (long)Math.Ceiling(matching.Count / (double)perPage);
        return Paged(Json(200, body), call, "/orders", page, matching.Count, pages);
    }

    // ---------------------------------------------------------------- order notes endpoints

    private Answer ListNotes(RestCall call, bool authenticated, long orderId)
    {
        var errors = new ParamErrors();
        var type = errors.Enum(call, "type", ["any", "customer", "internal"]) ?? "any";
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }

        lock (_gate)
        {
            if (!_orders.ContainsKey(orderId))
            {
                return Error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid order ID.");
            }

            // get_comments() default order: newest first.
            var notes = _notes[orderId]
                .Where(n => type == "any" || n.CustomerNote == (type == "customer"))
                .OrderByDescending(n => n.DateCreatedGmt).ThenByDescending(n => n.Id)
                .Select(n => (JsonNode)NoteJson(n));
            return Json(200, new JsonArray([.. notes]));
        }
    }

    private Answer CreateNote(RestCall call, bool authenticated, long orderId)
    {
        if (!call.Has("note"))
        {
            return Missing("note");
        }

        var errors = new ParamErrors();
        var text = errors.String(call, "note") ?? "";
        var customerNote = errors.Boolean(call, "customer_note", false);
        var addedByUser = errors.Boolean(call, "added_by_user", false);
        if (errors.Any)
        {
            return errors.ToAnswer();
        }

        if (!authenticated)
        {
            return Error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }

        lock (_gate)
        {
            if (!_orders.ContainsKey(orderId))
            {
                return Error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            }

            // add_order_note() inserts a comment; the order itself is not saved, so date_modified stays.
            var note = AddNote(orderId, addedByUser ? ShopManager : "system", text, customerNote);
            return Json(201, NoteJson(note)).With("Location", $"{BaseUrl}{ApiRoot}/orders/{orderId}/notes/{note.Id}");
        }
    }

    private Answer GetNote(bool authenticated, long orderId, long noteId)
    {
        lock (_gate)
        {
            // The permission check only looks when the order exists; a missing order is a 404 even for strangers.
            if (!_orders.ContainsKey(orderId))
            {
                return Error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            }

            if (!authenticated)
            {
                return Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
            }

            return _notes[orderId].FirstOrDefault(n => n.Id == noteId) is { } note
                ? Json(200, NoteJson(note))
                : Error(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
        }
    }
}
