using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Security;
using Refit;

namespace OrderConfirm.WooCommerce;

/// Calls one store's REST API v3 with its consumer key and sorts every answer into ok / not found / refused / try later
/// / failed (ShopAnswer). The HTTP client retries reads and updates (5xx, 429, network) with jittered backoff; creating a
/// note or a webhook is sent once. Nothing here logs or throws with a URL in it: with query-string auth the consumer
/// secret is in the URL.
public sealed class WooCommerceClient(IHttpClientFactory httpClients, IOptionsMonitor<WooCommerceOptions> options)
{
    public const string ReadsClient = "woocommerce";
    public const string CreatesClient = "woocommerce-creates";
    public const int MaxPerPage = 100;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(Json));

    public Task<ShopAnswer<WooCommerceOrder>> GetOrderAsync(Store store, long orderId, CancellationToken cancellationToken)
        => CallAsync(store, ReadsClient, (api, auth) => api.GetOrderAsync(orderId, auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    public Task<ShopAnswer<WooCommerceOrder>> UpdateOrderAsync(Store store, long orderId, WooCommerceOrderUpdate update, CancellationToken cancellationToken)
        => CallAsync(store, ReadsClient, (api, auth) => api.UpdateOrderAsync(orderId, update, auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    public Task<ShopAnswer<List<WooCommerceOrderNote>>> ListNotesAsync(Store store, long orderId, CancellationToken cancellationToken)
        => CallAsync(store, ReadsClient, (api, auth) => api.ListNotesAsync(orderId, auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    public Task<ShopAnswer<WooCommerceOrderNote>> AddNoteAsync(Store store, long orderId, string note, CancellationToken cancellationToken)
        => CallAsync(store, CreatesClient, (api, auth) => api.AddNoteAsync(orderId, new WooCommerceOrderNoteCreate(note), auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    // Orders changed after the given time, oldest change first, one page of up to 100.
    public Task<ShopAnswer<List<WooCommerceOrder>>> ListOrdersModifiedAfterAsync(Store store, DateTimeOffset after, int page, CancellationToken cancellationToken)
        => CallAsync(
            store,
            ReadsClient,
            (api, auth) => api.ListOrdersAsync(new WooCommerceOrderQuery(WooCommerceDates.FormatGmt(after), DatesAreGmt: true, page, MaxPerPage), auth.Header, auth.Key, auth.Secret, cancellationToken),
            cancellationToken);

    // The connection check: one order read, the least a working key must be allowed.
    public Task<ShopAnswer<List<WooCommerceOrder>>> ReadNewestOrderAsync(Store store, CancellationToken cancellationToken)
        => CallAsync(store, ReadsClient, (api, auth) => api.NewestOrderAsync(1, auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    public Task<ShopAnswer<List<WooCommerceWebhook>>> ListWebhooksAsync(Store store, int page, CancellationToken cancellationToken)
        => CallAsync(store, ReadsClient, (api, auth) => api.ListWebhooksAsync(new WooCommerceWebhookQuery(page, MaxPerPage), auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    public Task<ShopAnswer<WooCommerceWebhook>> CreateWebhookAsync(Store store, WooCommerceWebhookCreate webhook, CancellationToken cancellationToken)
        => CallAsync(store, CreatesClient, (api, auth) => api.CreateWebhookAsync(webhook, auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    public Task<ShopAnswer<WooCommerceWebhook>> UpdateWebhookAsync(Store store, long webhookId, WooCommerceWebhookUpdate webhook, CancellationToken cancellationToken)
        => CallAsync(store, ReadsClient, (api, auth) => api.UpdateWebhookAsync(webhookId, webhook, auth.Header, auth.Key, auth.Secret, cancellationToken), cancellationToken);

    private async Task<ShopAnswer<T>> CallAsync<T>(Store store, string clientName, Func<IWooCommerceApi, Credentials, Task<IApiResponse<T>>> call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(store.Secrets.ConsumerKey) || string.IsNullOrEmpty(store.Secrets.ConsumerSecret))
        {
            return new ShopAnswer<T>.Refused("The store has no REST API consumer key and secret; set consumerKey and consumerSecret.", "no_credentials");
        }

        if (string.IsNullOrWhiteSpace(store.ApiBaseUrl) || !Uri.TryCreate(store.ApiBaseUrl.Trim().TrimEnd('/') + "/" + options.CurrentValue.ApiPath.TrimStart('/'), UriKind.Absolute, out var root))
        {
            return new ShopAnswer<T>.Failed("the store's apiBaseUrl is not a usable site URL");
        }

        var http = httpClients.CreateClient(clientName);
        http.BaseAddress = root;
        var api = RestService.ForGenerated<IWooCommerceApi>(http, Settings);
        IApiResponse<T> response;
        try
        {
            response = await call(api, Credentials.For(store));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ShopAnswer<T>.TryLater("the store did not answer in time");
        }

        return Classify(response);
    }

    internal static ShopAnswer<T> Classify<T>(IApiResponse<T> response)
    {
        if (response.HasRequestError(out var requestError))
        {
            // Not sent because of where it would go (ShopConnector): a refusal no retry changes, as for a refused key.
            if (ShopAddressRefusedException.In(requestError) is { } refused)
            {
                return new ShopAnswer<T>.Refused(refused.Message, ShopAddressRefusedException.Code);
            }

            var kind = requestError.InnerException is HttpRequestException http ? $"{nameof(HttpRequestException)}: {http.HttpRequestError}" : requestError.InnerException?.GetType().Name ?? requestError.GetType().Name;
            return new ShopAnswer<T>.TryLater($"network error ({kind})");
        }

        var status = (int)(response.StatusCode ?? 0);
        if (response.IsSuccessStatusCode)
        {
            return response.Content is { } content && response.Error is null
                ? new ShopAnswer<T>.Ok(content, TotalPages(response))
                // 2xx with an HTML page or PHP notices in front of the JSON: a broken plugin or a WAF, not our request.
                : new ShopAnswer<T>.Failed($"HTTP {status} with a body that is not the expected JSON");
        }

        // Refit keeps an HTTP error's body on the ApiException.
        var code = ErrorCode((response.Error as ApiException)?.Content) ?? "no_code";
        return status switch
        {
            401 or 403 => new ShopAnswer<T>.Refused(Hint(code, status), code),
            404 => new ShopAnswer<T>.NotFound(code),
            400 when code is "woocommerce_rest_shop_order_invalid_id" or "woocommerce_rest_order_invalid_id" => new ShopAnswer<T>.NotFound(code),
            429 or >= 500 => new ShopAnswer<T>.TryLater($"HTTP {status} ({code})", HttpAnswers.RetryAfter(response) is { } wait && wait > TimeSpan.Zero ? wait : null),
            _ => new ShopAnswer<T>.Failed($"HTTP {status} ({code})"),
        };
    }

    // What a store owner should check, by error code; the translated message is not used.
    private static string Hint(string code, int status) => code switch
    {
        "woocommerce_rest_cannot_view" or "woocommerce_rest_cannot_edit" or "woocommerce_rest_cannot_create" =>
            $"WooCommerce answered {status} ({code}): the REST key was not accepted for this request. Usually WordPress does not see the request as HTTPS (a proxy in front of it), so it ignores HTTP Basic auth: turn on the store's queryStringAuth setting, or fix the HTTPS detection; also check the key's user can manage WooCommerce.",
        "woocommerce_rest_authentication_error" =>
            $"WooCommerce answered {status} ({code}): the consumer key or secret is wrong, or the key lacks read/write permission. Create a key with Read/Write permission (WooCommerce → Settings → Advanced → REST API) and update consumerKey and consumerSecret.",
        _ => $"WooCommerce answered {status} ({code}): check the store's REST API key (Read/Write permission) and that the site is reached over HTTPS.",
    };

    private static string? ErrorCode(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WooCommerceError>(body, Json)?.Code;
        }
        catch (JsonException)
        {
            return null; // an HTML error page from the host or a firewall
        }
    }

    private static int? TotalPages(IApiResponse response)
        => response.Headers is { } headers && headers.TryGetValues("X-WP-TotalPages", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pages) ? pages : null;

    // HTTP Basic by default; the query string for hosts that strip the Authorization header (the store's setting).
    private sealed record Credentials(string? Header, string? Key, string? Secret)
    {
        public static Credentials For(Store store)
        {
            var (key, secret) = (store.Secrets.ConsumerKey!, store.Secrets.ConsumerSecret!);
            return store.Settings.Section<WooCommerceSettings>().QueryStringAuth == true
                ? new Credentials(null, key, secret)
                : new Credentials("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")), null, null);
        }
    }
}
