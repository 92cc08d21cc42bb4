using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The server: one request in, WordPress's order of checks (authentication, the key's permissions, the route, the
/// parameters, the endpoint's permission, the handler), and the answers in WordPress's shapes.
public sealed partial class WooCommerceStoreStub
{
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
