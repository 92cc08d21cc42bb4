using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The wire side of the WooCommerce stand-in: reading a request the way WordPress does (PHP's query parsing, JSON
/// bodies only under a JSON content type, method override), and the answers (REST JSON, injected failures). The
/// argument validation is in WooCommerceStoreStub.Params.
public sealed partial class WooCommerceStoreStub
{
    // wp_parse_list(): a list param may come as a JSON list, name[]=a&name[]=b, or "a,b" / "a b".
    private static List<string> PhpList(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(i => i is JsonValue v ? ScalarText(v) : "")],
        JsonValue v => [.. ScalarText(v).Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)],
        _ => [],
    };

    private static string ScalarText(JsonValue value) => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private sealed class Answer(int status, string body, string contentType = JsonContentType)
    {
        private readonly List<(string Name, string Value)> _headers = [];

        public int Status => status;

        public Answer With(string name, string value)
        {
            _headers.Add((name, value));
            return this;
        }

        public ResponseMessage ToResponse()
        {
            var response = new ResponseMessage
            {
                StatusCode = status,
                BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
            };
            response.AddHeader("Content-Type", contentType);
            foreach (var (name, value) in _headers)
            {
                response.AddHeader(name, value);
            }

            return response;
        }
    }

    private sealed class Injection(string? method, string path, int times)
    {
        public int Remaining { get; set; } = times;

        public int? Status { get; init; }

        public string? RetryAfter { get; init; }

        public bool AfterApplying { get; init; }

        public TimeSpan Delay { get; init; }

        public bool Matches(WooCommerceShopRequest request)
            => (method is null || string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase))
               && (path == "*" || (path.EndsWith('*')
                   ? request.Path.StartsWith(path[..^1], StringComparison.OrdinalIgnoreCase)
                   : string.Equals(path, request.Path, StringComparison.OrdinalIgnoreCase)));

        public Answer ToAnswer()
        {
            var answer = Status == 500
                ? Json(500, new JsonObject
                {
                    // wp_die() from WP_Fatal_Error_Handler on a REST request.
                    ["code"] = "internal_server_error",
                    ["message"] = "<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/documentation/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>",
                    ["data"] = new JsonObject { ["status"] = 500 },
                    ["additional_errors"] = new JsonArray(),
                })
                : new Answer(Status!.Value, $"<html>\r\n<head><title>{Status} {Reason(Status.Value)}</title></head>\r\n<body>\r\n<center><h1>{Status} {Reason(Status.Value)}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", "text/html");
            if (RetryAfter is not null)
            {
                answer.With("Retry-After", RetryAfter);
            }

            return answer;
        }

        private static string Reason(int status) => status switch
        {
            429 => "Too Many Requests",
            502 => "Bad Gateway",
            503 => "Service Temporarily Unavailable",
            504 => "Gateway Time-out",
            403 => "Forbidden",
            _ => "Error",
        };
    }

    // One REST request as WordPress reads it: PHP's $_GET (a repeated name keeps the last value, name[] collects a
    // list), a JSON body only when the Content-Type says JSON (otherwise the body is ignored, except form bodies), and
    // the method after _method / X-HTTP-Method-Override. Parameters are looked up JSON body, form body, query string.
    private sealed class RestCall
    {
        private RestCall(WooCommerceShopRequest recorded) => Recorded = recorded;

        public WooCommerceShopRequest Recorded { get; }

        public required string Method { get; init; }

        /// The route under /wp-json/wc/v3 without slashes around it, lower-cased ("" for the namespace itself), or
        /// null when the request is not under it.
        public required string? Route { get; init; }

        public required IReadOnlyList<KeyValuePair<string, string>> QueryPairs { get; init; }

        public required Dictionary<string, JsonNode?> Query { get; init; }

        public Dictionary<string, JsonNode?> Form { get; init; } = [];

        public JsonObject? Json { get; init; }

        public bool JsonError { get; init; }

        public JsonNode? Param(string name)
            => Json is not null && Json.TryGetPropertyValue(name, out var fromJson) ? fromJson
                : Form.TryGetValue(name, out var fromForm) ? fromForm
                : Query.GetValueOrDefault(name);

        public bool Has(string name) => (Json?.ContainsKey(name) ?? false) || Form.ContainsKey(name) || Query.ContainsKey(name);

        public static RestCall Parse(IRequestMessage message)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in message.Headers ?? new Dictionary<string, WireMockList<string>>())
            {
                headers[name] = string.Join(", ", values);
            }

            var rawQuery = (message.RawQuery ?? "").TrimStart('?');
            var pairs = ParsePairs(rawQuery);
            var bodyBytes = message.BodyData?.BodyAsBytes ?? (message.Body is { } text ? Encoding.UTF8.GetBytes(text) : []);
            var body = Encoding.UTF8.GetString(bodyBytes);

            var path = message.Path;
            var relative = path.StartsWith(ApiRoot, StringComparison.OrdinalIgnoreCase) && (path.Length == ApiRoot.Length || path[ApiRoot.Length] == '/')
                ? path[ApiRoot.Length..]
                : null;
            // WordPress untrailingslashes the route, so "/orders/4817/" is "/orders/4817" here too.
            var recorded = new WooCommerceShopRequest(message.Method.ToUpperInvariant(), relative?.TrimEnd('/') ?? path, rawQuery,
                pairs.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal), headers, body);

            var query = PhpParams(pairs);
            var method = recorded.Method;
            if (query.GetValueOrDefault("_method") is JsonValue overridden)
            {
                method = ScalarText(overridden).ToUpperInvariant();
            }
            else if (headers.TryGetValue("X-HTTP-Method-Override", out var header))
            {
                method = header.ToUpperInvariant();
            }

            var contentType = headers.GetValueOrDefault("Content-Type", "").Split(';')[0].Trim().ToLowerInvariant();
            var isJson = contentType == "application/json" || contentType.EndsWith("+json", StringComparison.Ordinal);
            JsonObject? json = null;
            var jsonError = false;
            if (isJson && body.Trim().Length > 0)
            {
                try
                {
                    json = JsonNode.Parse(body) as JsonObject;
                }
                catch (JsonException)
                {
                    jsonError = true;
                }
            }

            var form = contentType == "application/x-www-form-urlencoded" && method is "POST" or "PUT" or "PATCH" or "DELETE"
                ? PhpParams(ParsePairs(body))
                : [];

            return new RestCall(recorded)
            {
                Method = method,
                Route = relative?.Trim('/').ToLowerInvariant(),
                QueryPairs = pairs,
                Query = query,
                Form = form,
                Json = json,
                JsonError = jsonError,
            };
        }

        private static List<KeyValuePair<string, string>> ParsePairs(string encoded)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var part in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var name = Decode(equals < 0 ? part : part[..equals]);
                var value = equals < 0 ? "" : Decode(part[(equals + 1)..]);
                pairs.Add(new(name, value));
            }

            return pairs;

            static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
        }

        private static Dictionary<string, JsonNode?> PhpParams(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (name, value) in pairs)
            {
                if (name.EndsWith("[]", StringComparison.Ordinal))
                {
                    var list = result.GetValueOrDefault(name[..^2]) as JsonArray ?? [];
                    list.Add(value);
                    result[name[..^2]] = list;
                }
                else
                {
                    result[name] = value;
                }
            }

            return result;
        }
    }
}
