using System.Security.Cryptography;
using System.Text;
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
    private readonly Dictionary<long, WooCommerceShopOrder> _orders = [];
    private readonly Dictionary<long, List<WooCommerceShopNote>> _notes = [];
    private readonly Dictionary<long, WooCommerceShopWebhook> _webhooks = [];
    private readonly List<WooCommerceShopRequest> _requests = [];
    private readonly List<Injection> _injections = [];
    private readonly List<WooCommerceShopPing> _pings = [];
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
    public IReadOnlyList<WooCommerceShopPing> Pings
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
    public IReadOnlyList<WooCommerceShopRequest> Requests()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    /// The requests with this HTTP method (as sent, before any X-HTTP-Method-Override) to this path relative to the
    /// API root, e.g. Requests("PUT", "/orders/4817"), oldest first.
    public IReadOnlyList<WooCommerceShopRequest> Requests(string method, string path)
    {
        lock (_gate)
        {
            return [.. _requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase))];
        }
    }

    public void Dispose() => Server.Stop();

    private (TimeSpan Delay, Injection? Failure) TakeInjections(WooCommerceShopRequest request)
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

}
