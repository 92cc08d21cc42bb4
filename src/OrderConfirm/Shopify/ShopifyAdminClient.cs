using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using Refit;

namespace OrderConfirm.Shopify;

/// Sends one GraphQL operation to a store's Admin API and sorts the answer into ok / try later / refused / failed.
/// The HTTP client retries throttles and 5xx with jittered backoff and honours Retry-After; a GraphQL THROTTLED
/// error (HTTP 200) is turned into a wait derived from extensions.cost.throttleStatus.
public sealed class ShopifyAdminClient(IHttpClientFactory httpClients, IOptionsMonitor<ShopifyOptions> options)
{
    public const string HttpClientName = "shopify-admin";

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public async Task<ShopifyAdminResult> ExecuteAsync(Store store, string query, object? variables, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(store.Secrets.AccessToken))
        {
            return new ShopifyAdminResult.Refused("the store has no Admin API access token");
        }

        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(store.ApiBaseUrl ?? $"https://{store.ShopDomain}");
        var api = RestService.ForGenerated<IShopifyAdminApi>(http, Settings);
        IApiResponse<GraphQlResponse> response;
        try
        {
            response = await api.GraphQlAsync(options.CurrentValue.ApiVersion, new GraphQlRequest(query, variables), store.Secrets.AccessToken, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ShopifyAdminResult.TryLater("Shopify did not answer in time", null);
        }

        if (response.HasRequestError(out var requestError))
        {
            return new ShopifyAdminResult.TryLater($"network error ({requestError.InnerException?.GetType().Name ?? requestError.GetType().Name})", null);
        }

        var status = (int)(response.StatusCode ?? 0);
        if (status is 401 or 403)
        {
            return new ShopifyAdminResult.Refused($"Shopify answered {status}: the access token was revoked or lacks a scope");
        }

        if (status is 429 or >= 500)
        {
            return new ShopifyAdminResult.TryLater($"Shopify answered {status}", response.Headers?.RetryAfter?.Delta);
        }

        if (response.Content is not { } body || !response.IsSuccessStatusCode)
        {
            return new ShopifyAdminResult.Failed($"Shopify answered {status}");
        }

        if (body.Errors is { Count: > 0 } errors)
        {
            if (errors.Any(e => Code(e) == "THROTTLED"))
            {
                return new ShopifyAdminResult.TryLater("Shopify throttled the request (THROTTLED)", ThrottleWait(body.Extensions));
            }

            if (errors.Any(e => Code(e) is "ACCESS_DENIED" or "UNAUTHORIZED"))
            {
                return new ShopifyAdminResult.Refused("Shopify denied access: " + string.Join("; ", errors.Select(e => e.Message)));
            }

            return new ShopifyAdminResult.Failed(string.Join("; ", errors.Select(e => e.Message)));
        }

        return body.Data is { ValueKind: JsonValueKind.Object } data
            ? new ShopifyAdminResult.Ok(data)
            : new ShopifyAdminResult.Failed("the response had no data");
    }

    private static string? Code(GraphQlError error)
        => error.Extensions is { ValueKind: JsonValueKind.Object } extensions && extensions.TryGetProperty("code", out var code) ? code.GetString() : null;

    // Wait until the bucket holds the requested cost again: (requested − available) / restore rate, at least 1 s.
    internal static TimeSpan ThrottleWait(JsonElement? extensions)
    {
        if (extensions is { ValueKind: JsonValueKind.Object } ext
            && ext.TryGetProperty("cost", out var cost)
            && cost.TryGetProperty("throttleStatus", out var throttle)
            && throttle.TryGetProperty("currentlyAvailable", out var available)
            && throttle.TryGetProperty("restoreRate", out var rate)
            && rate.GetDouble() > 0)
        {
            var requested = cost.TryGetProperty("requestedQueryCost", out var r) ? r.GetDouble() : 10;
            var seconds = Math.Max(1, Math.Ceiling((requested - available.GetDouble()) / rate.GetDouble()));
            return TimeSpan.FromSeconds(Math.Min(seconds, 60));
        }

        return TimeSpan.FromSeconds(2);
    }

    internal static string OrderGid(string orderId)
        => orderId.StartsWith("gid://", StringComparison.Ordinal) ? orderId : string.Create(CultureInfo.InvariantCulture, $"gid://shopify/Order/{orderId}");
}
