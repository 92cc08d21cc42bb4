using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A WooCommerce store's REST API v3 in WireMock, behaving as WordPress + WooCommerce do (read from their source:
/// WC_REST_Authentication, the v1-v3 orders, order notes and webhooks controllers, WP_REST_Server and WP_REST_Request):
/// the same order of checks (authentication, key permissions, route, parameter
/// validation, endpoint permission, handler), the same error codes and messages, PHP-escaped JSON, money as strings,
/// dates without a zone, whole-second timestamps. BaseUrl is the site URL, what a store's apiBaseUrl is set to; the API
/// lives under {BaseUrl}/wp-json/wc/v3/. The store stands for an HTTPS site in Asia/Karachi (UTC+5, no DST).
///
/// Orders, notes and webhooks live in memory behind one lock; tests change them as a merchant would through the
/// helpers (AddOrder, SetStatus, Trash, AddWebhook, DisableWebhook, ...), and read what the client did through
/// Requests(method, path).
public sealed partial class WooCommerceStoreStub : IDisposable
{
    public const string ApiRoot = "/wp-json/wc/v3";

    /// The WordPress user the API key belongs to (a shop manager): notes added_by_user and merchant status changes
    /// carry this name.
    public const string ShopManager = "shopadmin";

    private const string JsonContentType = "application/json; charset=UTF-8";

    // get_order_statuses() of the v2/v3 orders controller: auto-draft, then wc_get_order_statuses() in its order, with
    // the Blocks checkout draft appended by its filter.
    private static readonly string[] OrderStatuses = ["auto-draft", "pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "checkout-draft"];

    private static readonly Dictionary<string, string> StatusLabels = new(StringComparer.Ordinal)
    {
        ["pending"] = "Pending payment",
        ["processing"] = "Processing",
        ["on-hold"] = "On hold",
        ["completed"] = "Completed",
        ["cancelled"] = "Cancelled",
        ["refunded"] = "Refunded",
        ["failed"] = "Failed",
        ["checkout-draft"] = "Draft",
    };

    private static readonly string[] WebhookStatuses = ["active", "paused", "disabled"];

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly Dictionary<long, WooShopOrder> _orders = [];
    private readonly Dictionary<long, List<WooShopNote>> _notes = [];
    private readonly Dictionary<long, WooShopWebhook> _webhooks = [];
    private readonly List<WooShopRequest> _requests = [];
    private readonly List<Injection> _injections = [];
    private readonly List<WooShopPing> _pings = [];
    private long _nextOrderId = 4817;
    private long _nextOrderNumber = 1001;
    private long _nextMetaId = 90211;
    private long _nextNoteId = 9001;
    private long _nextWebhookId = 12;
    private string _keyPermissions = "read_write";
    private bool _keyRevoked;
    private bool _stripsAuthorization;
    private bool _httpsNotDetected;
    private bool _unreachable;
    private HttpClient? _pingClient;

    public WooCommerceStoreStub(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;

        // 'ck_' / 'cs_' . wc_rand_hash(): 40 hex characters each.
        ConsumerKey = "ck_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        ConsumerSecret = "cs_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        LeakScan.Secret(ConsumerKey);
        LeakScan.Secret(ConsumerSecret);

        Server.Given(Request.Create().WithPath(new WildcardMatcher("/wp-json*")).UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// The site URL (home_url without the slash), what a store's apiBaseUrl is set to.
    public string BaseUrl => Server.Url!;

    /// The REST API root with its trailing slash.
    public string ApiUrl => BaseUrl + ApiRoot + "/";

    /// home_url('/'), what the store sends as X-WC-Webhook-Source.
    public string Source => BaseUrl + "/";

    /// The site's UTC offset: non-_gmt dates and modified_after without dates_are_gmt use it.
    public TimeSpan SiteUtcOffset { get; } = TimeSpan.FromHours(5);

    public string ConsumerKey { get; }

    public string ConsumerSecret { get; }

    /// The Authorization header value for this store's key.
    public string BasicAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConsumerKey}:{ConsumerSecret}"));

    /// A host (CGI/FastCGI without the rewrite rule) that drops the Authorization header before PHP sees it: Basic
    /// auth then reaches WooCommerce as no credentials at all, and only the consumer_key/consumer_secret query works.
    public bool StripsAuthorizationHeader
    {
        get { lock (_gate) { return _stripsAuthorization; } }
        set { lock (_gate) { _stripsAuthorization = value; } }
    }

    /// A TLS-terminating proxy that does not tell PHP the request was HTTPS: is_ssl() is false, WooCommerce skips Basic
    /// and query-string auth altogether and wants OAuth 1.0a (which this stub does not take), so every call is anonymous.
    public bool HttpsNotDetected
    {
        get { lock (_gate) { return _httpsNotDetected; } }
        set { lock (_gate) { _httpsNotDetected = value; } }
    }

    /// The site is down behind its proxy: until this is set back, every request answers nginx's 502 page and changes
    /// nothing (what a PHP-FPM pool that is gone, or a host in maintenance, looks like to the client).
    public bool Unreachable
    {
        get { lock (_gate) { return _unreachable; } }
        set { lock (_gate) { _unreachable = value; } }
    }

    /// The key's permissions: read, write or read_write.
    public string KeyPermissions
    {
        get { lock (_gate) { return _keyPermissions; } }
        set
        {
            if (value is not ("read" or "write" or "read_write"))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "read, write or read_write");
            }

            lock (_gate)
            {
                _keyPermissions = value;
            }
        }
    }

    /// The activation pings the store sent (or would have, without a client), oldest first.
    public IReadOnlyList<WooShopPing> Pings
    {
        get { lock (_gate) { return [.. _pings]; } }
    }

    /// The merchant deletes the key in WooCommerce → Settings → Advanced → REST API: it is unknown from now on.
    public void RevokeKey()
    {
        lock (_gate)
        {
            _keyRevoked = true;
        }
    }

    /// Sends activation pings to the receiver through this client (e.g. the app's test client): the delivery URL's
    /// path and query are used against the client's base address. Without it pings are only recorded, as answered 200.
    public void SendPingsWith(HttpClient client)
    {
        lock (_gate)
        {
            _pingClient = client;
        }
    }

    // ---------------------------------------------------------------- orders, as the merchant and checkout see them

    /// A new order as checkout leaves it: by default a COD order in processing, id 4817 upwards with numbers WC-1001
    /// upwards (so number != id), a fresh registered phone as billing phone, empty shipping phone, PKR, and meta of
    /// mixed JSON types. Created a second ago, modified now.
    public WooShopOrder AddOrder(long? id = null, string? number = null, string status = "processing", string? phone = null, string shippingPhone = "",
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

            var order = WooShopOrder.Checkout(orderId, number ?? $"WC-{_nextOrderNumber++}", status, phone, shippingPhone, paymentMethod, total, meta, Now().AddSeconds(-1), () => _nextMetaId++);
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

    public WooShopOrder? Order(long id)
    {
        lock (_gate)
        {
            return _orders.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<WooShopOrder> Orders
    {
        get { lock (_gate) { return [.. _orders.Values.OrderBy(o => o.Id)]; } }
    }

    /// The order's notes, oldest first (the API lists them newest first).
    public IReadOnlyList<WooShopNote> Notes(long orderId)
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
    public WooShopOrder SetStatus(long id, string status)
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
    public WooShopOrder Edit(long id, Func<WooShopOrder, WooShopOrder> change)
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
    public WooShopOrder Trash(long id)
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
    public WooShopOrder Restore(long id)
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
    public WooShopWebhook AddWebhook(string topic, string deliveryUrl, string? secret = null, string? name = null, string status = "active")
    {
        if (!WooShopWebhook.IsValidTopic(topic) || !WebhookStatuses.Contains(status))
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

    public WooShopWebhook? Webhook(long id)
    {
        lock (_gate)
        {
            return _webhooks.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<WooShopWebhook> Webhooks
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
    public WooShopWebhook DisableWebhook(long id) => ChangeWebhook(id, w => w with { Status = "disabled", FailureCount = 6 });

    /// The merchant pauses the webhook in wp-admin.
    public WooShopWebhook PauseWebhook(long id) => ChangeWebhook(id, w => w with { Status = "paused" });

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
        WooShopWebhook hook;
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

    // ---------------------------------------------------------------- failure injection and inspection

    /// The next `times` requests to the path (relative to the API root, e.g. "/orders/4817"; a trailing * matches a
    /// prefix, "*" everything) answer with this status instead: 500 as WordPress's fatal-error handler answers REST
    /// calls (JSON), anything else as the HTML page a proxy or WAF sends, with Retry-After when given. With
    /// afterApplying the store does the work first and only the answer is lost, as when PHP dies after the commit.
    public void FailNext(string path, int times = 1, int status = 500, string? retryAfter = null, string? method = null, bool afterApplying = false)
    {
        lock (_gate)
        {
            _injections.Add(new Injection(method, path, times) { Status = status, RetryAfter = retryAfter, AfterApplying = afterApplying });
        }
    }

    /// The next `times` requests to the path wait this long before the store starts on them. The work is still done
    /// after the wait, even if the client has given up by then, as a slow PHP worker would.
    public void DelayNext(string path, TimeSpan delay, int times = 1, string? method = null)
    {
        lock (_gate)
        {
            _injections.Add(new Injection(method, path, times) { Delay = delay });
        }
    }

    /// Every request received, oldest first.
    public IReadOnlyList<WooShopRequest> Requests()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    /// The requests with this HTTP method (as sent, before any X-HTTP-Method-Override) to this path relative to the
    /// API root, e.g. Requests("PUT", "/orders/4817"), oldest first.
    public IReadOnlyList<WooShopRequest> Requests(string method, string path)
    {
        lock (_gate)
        {
            return [.. _requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase))];
        }
    }

    public void Dispose() => Server.Stop();

    // ---------------------------------------------------------------- the server

    private async Task<IResponseMessage> HandleAsync(IRequestMessage message)
    {
        var call = RestCall.Parse(message);
        Injection? failure;
        TimeSpan delay;
        lock (_gate)
        {
            _requests.Add(call.Recorded);
            (delay, failure) = _unreachable ? (TimeSpan.Zero, new Injection(null, "*", 1) { Status = 502 }) : TakeInjections(call.Recorded);
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        await WaitIfHeldAsync(call.Recorded);
        var answer = failure is { AfterApplying: false } ? failure.ToAnswer() : await ServeAsync(call);
        if (failure is { AfterApplying: true })
        {
            answer = failure.ToAnswer();
        }

        lock (_gate)
        {
            call.Recorded.Status = answer.Status;
        }

        return answer.ToResponse();
    }

    // WordPress's order of work: WC_REST_Authentication (determine_current_user + rest_authentication_errors), the key's
    // read/write permission (rest_pre_dispatch), route matching, parameter validation (has_valid_params), the
    // endpoint's permission_callback, then the endpoint.
    private async Task<Answer> ServeAsync(RestCall call)
    {
        var (authenticated, authError) = Authenticate(call);
        if (authError is not null)
        {
            return authError;
        }

        if (authenticated && KeyPermissionError(call.Method) is { } denied)
        {
            return denied;
        }

        var route = call.Route;
        if (route is null)
        {
            return NoRoute();
        }

        var segments = route.Length == 0 ? [] : route.Split('/');
        var method = call.Method;
        var editable = method is "POST" or "PUT" or "PATCH";
        var id = segments.Length > 1 && segments[1].All(char.IsAsciiDigit) ? long.TryParse(segments[1], CultureInfo.InvariantCulture, out var parsed) ? parsed : 0 : -1;
        switch (segments)
        {
            case ["orders"] when method == "GET":
                return Checked(call, () => ListOrders(call, authenticated));
            case ["orders"] when method == "POST":
            case ["orders", "batch"] when editable:
            case ["orders", _] when id >= 0 && method == "DELETE":
            case ["orders", _, "notes", _] when id >= 0 && method == "DELETE":
            case ["webhooks", "batch"] when editable:
                return NotSimulated(call);
            case ["orders", _] when id >= 0 && method == "GET":
                return Checked(call, () => GetOrder(authenticated, id));
            case ["orders", _] when id >= 0 && editable:
                return Checked(call, () => UpdateOrder(call, authenticated, id));
            case ["orders", _, "notes"] when id >= 0 && method == "GET":
                return Checked(call, () => ListNotes(call, authenticated, id));
            case ["orders", _, "notes"] when id >= 0 && method == "POST":
                return Checked(call, () => CreateNote(call, authenticated, id));
            case ["orders", _, "notes", var note] when id >= 0 && note.All(char.IsAsciiDigit) && method == "GET":
                return Checked(call, () => GetNote(authenticated, id, long.TryParse(note, CultureInfo.InvariantCulture, out var noteId) ? noteId : 0));
            case ["webhooks"] when method == "GET":
                return Checked(call, () => ListWebhooks(call, authenticated));
            case ["webhooks"] when method == "POST":
                return call.JsonError ? InvalidJson() : await CreateWebhookAsync(call, authenticated);
            case ["webhooks", _] when id >= 0 && method == "GET":
                return Checked(call, () => GetWebhook(authenticated, id));
            case ["webhooks", _] when id >= 0 && editable:
                return call.JsonError ? InvalidJson() : await UpdateWebhookAsync(call, authenticated, id);
            case ["webhooks", _] when id >= 0 && method == "DELETE":
                return Checked(call, () => DeleteWebhookCall(call, authenticated, id));
            default:
                return NoRoute();
        }
    }

    // has_valid_params() starts with the JSON body: a broken one fails every route before anything else.
    private static Answer Checked(RestCall call, Func<Answer> endpoint) => call.JsonError ? InvalidJson() : endpoint();

    // WC_REST_Authentication::perform_basic_authentication on an HTTPS request: consumer_key and consumer_secret from
    // the query string first, then PHP_AUTH_USER / PHP_AUTH_PW from a Basic header. An unknown (or revoked) key sets no
    // error, the request just stays anonymous and the endpoint refuses it; a known key with the wrong secret is an
    // authentication error before any routing.
    private (bool Authenticated, Answer? Error) Authenticate(RestCall call)
    {
        bool stripped, noHttps, revoked;
        lock (_gate)
        {
            (stripped, noHttps, revoked) = (_stripsAuthorization, _httpsNotDetected, _keyRevoked);
        }

        if (noHttps)
        {
            return (false, null);
        }

        string? key = null, secret = null;
        if (call.Recorded.Query.GetValueOrDefault("consumer_key") is { Length: > 0 } queryKey && call.Recorded.Query.GetValueOrDefault("consumer_secret") is { Length: > 0 } querySecret && queryKey != "0" && querySecret != "0")
        {
            (key, secret) = (queryKey, querySecret);
        }

        if (key is null && !stripped && BasicCredentials(call.Recorded.Authorization) is ({ Length: > 0 } user, { Length: > 0 } password))
        {
            (key, secret) = (user, password);
        }

        if (key is null || secret is null || revoked || key.Trim() != ConsumerKey)
        {
            return (false, null);
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ConsumerSecret));
        return matches ? (true, null) : (false, Error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."));
    }

    // How PHP fills PHP_AUTH_USER / PHP_AUTH_PW: scheme "Basic" in any case, base64, split at the first colon.
    private static (string User, string Password)? BasicCredentials(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // WC_REST_Authentication::check_permissions, on the method after any override.
    private Answer? KeyPermissionError(string method)
    {
        string permissions;
        lock (_gate)
        {
            permissions = _keyPermissions;
        }

        return method switch
        {
            "GET" or "HEAD" when permissions is not ("read" or "read_write") => Error(401, "woocommerce_rest_authentication_error", "The API key provided does not have read permissions."),
            "POST" or "PUT" or "PATCH" or "DELETE" when permissions is not ("write" or "read_write") => Error(401, "woocommerce_rest_authentication_error", "The API key provided does not have write permissions."),
            "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" => null,
            _ => Error(401, "woocommerce_rest_authentication_error", "Unknown request method."),
        };
    }

    // ---------------------------------------------------------------- orders endpoints

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

        List<WooShopOrder> matching;
        lock (_gate)
        {
            matching = [.. _orders.Values];
        }

        // 'any' is WP_Query's: every status except those excluded from search (trash, auto-draft).
        var anyStatus = statuses.Contains("any");
        DateTime Column(WooShopOrder o, bool modified) => (modified ? o.DateModifiedGmt : o.DateCreatedGmt) + (gmt ? TimeSpan.Zero : SiteUtcOffset);
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
        Func<WooShopOrder, object> key = orderBy switch
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

    // ---------------------------------------------------------------- webhooks endpoints

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

        List<WooShopWebhook> matching;
        lock (_gate)
        {
            matching = [.. _webhooks.Values.Where(w =>
                (status == "all" || w.Status == status)
                // `name` LIKE %search% under MySQL's case-insensitive collation.
                && (string.IsNullOrEmpty(search) || w.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
                && (include.Count == 0 || include.Contains(w.Id))
                && !exclude.Contains(w.Id))];
        }

        Func<WooShopWebhook, object> key = orderBy switch
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

        if (topic.Length == 0 || !WooShopWebhook.IsValidTopic(topic.ToLowerInvariant()))
        {
            return Error(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        }

        if (!IsValidUrl(deliveryUrl))
        {
            return Error(400, "woocommerce_rest_shop_webhook_invalid_delivery_url", "Webhook delivery URL must be a valid URL starting with http:// or https://.");
        }

        WooShopWebhook hook;
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
        WooShopWebhook hook;
        bool ping;
        lock (_gate)
        {
            if (!_webhooks.TryGetValue(id, out var current))
            {
                return Error(400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");
            }

            if (!string.IsNullOrEmpty(topic) && !WooShopWebhook.IsValidTopic(topic.ToLowerInvariant()))
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
    private async Task PingAsync(WooShopWebhook hook)
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
            _pings.Add(new WooShopPing(hook.Id, hook.DeliveryUrl, status));
            if (status is null or 200 && _webhooks.TryGetValue(hook.Id, out var current))
            {
                _webhooks[hook.Id] = current with { PendingDelivery = false, DateModifiedGmt = Now() };
            }
        }
    }

    // ---------------------------------------------------------------- state helpers (call under _gate)

    private DateTime Now() => WooShopDates.Truncate(_clock.GetUtcNow());

    private long NextFreeOrderId()
    {
        while (_orders.ContainsKey(_nextOrderId))
        {
            _nextOrderId++;
        }

        return _nextOrderId++;
    }

    private WooShopOrder Existing(long id) => _orders.TryGetValue(id, out var order) ? order : throw new InvalidOperationException($"The store has no order {id}.");

    private WooShopWebhook ExistingWebhook(long id) => _webhooks.TryGetValue(id, out var hook) ? hook : throw new InvalidOperationException($"The store has no webhook {id}.");

    private WooShopWebhook ChangeWebhook(long id, Func<WooShopWebhook, WooShopWebhook> change)
    {
        lock (_gate)
        {
            var changed = change(ExistingWebhook(id)) with { DateModifiedGmt = Now() };
            _webhooks[id] = changed;
            return changed;
        }
    }

    private WooShopWebhook NewWebhook(string topic, string deliveryUrl, string? secret, string? name)
    {
        secret ??= GeneratePassword(50);
        LeakScan.Secret(secret);
        var now = Now();
        return new WooShopWebhook
        {
            Id = _nextWebhookId++,
            Name = name ?? "Webhook created on " + (now + SiteUtcOffset).ToString("MMM dd, yyyy @ hh:mm tt", CultureInfo.InvariantCulture),
            Status = "active",
            Topic = topic,
            DeliveryUrl = deliveryUrl,
            Secret = secret,
            DateCreatedGmt = now,
            PendingDelivery = true,
        };
    }

    // WC_Order::set_status + status_transition: a real change saves the order and adds "Order status changed from
    // X to Y." with the statuses' labels; completing sets date_completed, and (COD's payment-complete status being
    // completed) date_paid.
    private WooShopOrder ChangeStatus(WooShopOrder order, string status, string author)
    {
        var now = Now();
        var changed = order with { DateModifiedGmt = now };
        if (status != order.Status)
        {
            var paidNow = order.DatePaidGmt is null && (status == "completed" || (order.PaymentMethod != "cod" && status == "processing"));
            changed = changed with
            {
                Status = status,
                DateCompletedGmt = status == "completed" ? order.DateCompletedGmt ?? now : order.DateCompletedGmt,
                DatePaidGmt = paidNow ? now : order.DatePaidGmt,
            };
            AddNote(order.Id, author, $"Order status changed from {Label(order.Status)} to {Label(status)}.", customerNote: false);
        }

        _orders[order.Id] = changed;
        return changed;
    }

    private static string Label(string status) => StatusLabels.GetValueOrDefault(status, status);

    private WooShopNote AddNote(long orderId, string author, string text, bool customerNote)
    {
        var note = new WooShopNote(_nextNoteId++, orderId, author, Now(), text, customerNote);
        _notes[orderId].Add(note);
        return note;
    }

    // WC_Data::update_meta_data for each item, then save_meta_data: with an id the row with that id is changed (or a
    // new one added when the id is unknown); without, the first row with the key gets the value and any duplicates are
    // nulled; null rows are deleted on save. What comes back is the database's copy: scalars are strings, PHP arrays
    // come back as lists or objects.
    private List<WooShopMeta> UpsertMeta(IReadOnlyList<WooShopMeta> existing, IEnumerable<(string Key, JsonNode? Value, long? Id)> writes)
    {
        var rows = existing.Select(m => (Row: m, Value: (JsonNode?)JsonNode.Parse(m.Value.GetRawText()))).ToList();
        foreach (var (key, value, metaId) in writes)
        {
            var index = -1;
            if (metaId is > 0)
            {
                index = rows.FindIndex(r => r.Row.Id == metaId);
            }
            else
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i].Row.Key == key)
                    {
                        index = index < 0 ? i : index;
                        rows[i] = (rows[i].Row, null);
                    }
                }
            }

            var stored = Stored(value);
            if (index >= 0)
            {
                rows[index] = (rows[index].Row with { Key = key }, stored);
            }
            else
            {
                rows.Add((new WooShopMeta(_nextMetaId++, key, default), stored));
            }
        }

        return [.. rows.Where(r => r.Value is not null).Select(r => r.Row with { Value = JsonSerializer.SerializeToElement(r.Value) })];
    }

    // update_metadata() stores scalars as strings (true as "1", false as ""), arrays serialized; null deletes.
    private static JsonNode? Stored(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(v.GetValue<string>()),
            JsonValueKind.True => JsonValue.Create("1"),
            JsonValueKind.False => JsonValue.Create(""),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(PhpNumberString(v)),
        },
        _ => PhpJson.ThroughPhpArray(value),
    };

    // PHP's (string) of a JSON number: integers as written, floats in shortest form ("1.0" decodes to a float that
    // prints as "1").
    private static string PhpNumberString(JsonValue number)
    {
        var text = number.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }

    private static WooShopAddress WithAddress(WooShopAddress address, JsonObject posted)
    {
        string Field(string name, string current) => posted[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : current;
        return address with
        {
            FirstName = Field("first_name", address.FirstName),
            LastName = Field("last_name", address.LastName),
            Company = Field("company", address.Company),
            Address1 = Field("address_1", address.Address1),
            Address2 = Field("address_2", address.Address2),
            City = Field("city", address.City),
            State = Field("state", address.State),
            Postcode = Field("postcode", address.Postcode),
            Country = Field("country", address.Country),
            Email = address.Email is null ? null : Field("email", address.Email),
            Phone = Field("phone", address.Phone),
        };
    }

    private JsonObject NoteJson(WooShopNote note)
    {
        var self = $"{BaseUrl}{ApiRoot}/orders/{note.OrderId}/notes/{note.Id}";
        return new JsonObject
        {
            ["id"] = note.Id,
            ["author"] = note.Author,
            ["date_created"] = WooShopDates.Local(note.DateCreatedGmt, SiteUtcOffset),
            ["date_created_gmt"] = WooShopDates.Gmt(note.DateCreatedGmt),
            ["note"] = note.Note,
            ["customer_note"] = note.CustomerNote,
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonArray(new JsonObject { ["href"] = self, ["targetHints"] = new JsonObject { ["allow"] = new JsonArray("GET", "DELETE") } }),
                ["collection"] = new JsonArray(new JsonObject { ["href"] = $"{BaseUrl}{ApiRoot}/orders/{note.OrderId}/notes" }),
                ["up"] = new JsonArray(new JsonObject { ["href"] = $"{BaseUrl}{ApiRoot}/orders/{note.OrderId}" }),
            },
        };
    }

    private (TimeSpan Delay, Injection? Failure) TakeInjections(WooShopRequest request)
    {
        var delay = TimeSpan.Zero;
        Injection? failure = null;
        foreach (var injection in _injections.Where(i => i.Remaining > 0 && i.Matches(request)))
        {
            if (injection.Delay > TimeSpan.Zero && delay == TimeSpan.Zero)
            {
                delay = injection.Delay;
                injection.Remaining--;
            }
            else if (injection.Status is not null && failure is null)
            {
                failure = injection;
                injection.Remaining--;
            }
        }

        _injections.RemoveAll(i => i.Remaining <= 0);
        return (delay, failure);
    }

    // ---------------------------------------------------------------- answers

    private static Answer Json(int status, JsonNode body) => new(status, PhpJson.Encode(body));

    private static Answer Error(int status, string code, string message, JsonObject? data = null)
    {
        var payload = new JsonObject { ["status"] = status };
        foreach (var (key, value) in data ?? [])
        {
            payload[key] = value?.DeepClone();
        }

        return Json(status, new JsonObject { ["code"] = code, ["message"] = message, ["data"] = payload });
    }

    private static Answer NoRoute() => Error(404, "rest_no_route", "No route was found matching the URL and request method.");

    private static Answer InvalidJson() => Error(400, "rest_invalid_json", "Invalid JSON body passed.", new JsonObject { ["json_error_code"] = 4, ["json_error_message"] = "Syntax error" });

    private static Answer Missing(params string[] names)
        => Error(400, "rest_missing_callback_param", "Missing parameter(s): " + string.Join(", ", names), new JsonObject { ["params"] = new JsonArray([.. names.Select(n => (JsonNode)n)]) });

    // A real WooCommerce route this stub does not model: fail loudly rather than look like a missing route.
    private static Answer NotSimulated(RestCall call)
        => Error(501, "stub_not_simulated", $"WooCommerceStoreStub does not simulate {call.Method} {call.Recorded.Path}; add it if a test needs it.");

    // X-WP-Total, X-WP-TotalPages and Link (prev/next) as WC_REST_CRUD_Controller::get_items sets them. The links
    // repeat the request's query, credentials included, as WordPress does.
    private Answer Paged(Answer answer, RestCall call, string route, long page, long total, long pages)
    {
        answer.With("X-WP-Total", total.ToString(CultureInfo.InvariantCulture)).With("X-WP-TotalPages", pages.ToString(CultureInfo.InvariantCulture));
        var others = call.QueryPairs.Where(p => p.Key != "page").Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}").ToList();
        string Link(long target, string rel) => $"<{BaseUrl}{ApiRoot}{route}?{string.Join("&", [.. others, $"page={target}"])}>; rel=\"{rel}\"";
        var links = new List<string>();
        if (page > 1)
        {
            links.Add(Link(Math.Min(page - 1, pages), "prev"));
        }

        if (pages > page)
        {
            links.Add(Link(page + 1, "next"));
        }

        if (links.Count > 0)
        {
            answer.With("Link", string.Join(", ", links));
        }

        return answer;
    }

    // wc_is_valid_url(): an absolute http or https URL with a host.
    private static bool IsValidUrl(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static string PathOf(string deliveryUrl) => Uri.TryCreate(deliveryUrl, UriKind.Absolute, out var uri) ? uri.PathAndQuery : deliveryUrl;

    private static List<long> IdList(RestCall call, string name)
        => [.. PhpList(call.Param(name)).Select(v => long.TryParse(v, CultureInfo.InvariantCulture, out var id) ? Math.Abs(id) : 0).Where(id => id > 0)];

    // wp_generate_password($length, true, true).
    private static string GeneratePassword(int length)
        => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|", length);
}
