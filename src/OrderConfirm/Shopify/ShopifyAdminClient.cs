using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using Refit;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Shopify;

/// Sends one GraphQL operation to a store's Admin API and sorts the answer into ok / try later / refused / failed.
/// The HTTP client retries 5xx and network failures with jittered backoff. The shop's cost budget is ours to keep:
/// each store has a client-side leaky bucket fed by extensions.cost, requests wait for it before they are sent, and a
/// THROTTLED or 429 answer refills our picture of it and is sent again once the bucket allows. A wait longer than a
/// request may block for comes back as a throttled TryLater, which the caller reschedules without counting a failure.
public sealed class ShopifyAdminClient(IHttpClientFactory httpClients, IOptionsMonitor<ShopifyOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "shopify-admin";

    // A worker may block this long for the bucket; longer waits go back to the job's own schedule.
    internal static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(5);

    // Sends of one operation (the first and those after THROTTLED/429) before the wait is handed back to the caller.
    private const int MaxSends = 3;

    // Cost assumed for an operation whose requestedQueryCost we have not seen yet (a mutation costs 10).
    private const double DefaultCost = 10;

    // 429 without Retry-After: wait this long before the store's next request.
    private static readonly TimeSpan DefaultTooManyRequestsWait = TimeSpan.FromSeconds(1);

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    private readonly ConcurrentDictionary<long, ShopifyCostBucket> _buckets = new();
    private readonly ConcurrentDictionary<string, double> _costs = new(StringComparer.Ordinal);

    public async Task<ShopAnswer<JsonElement>> ExecuteAsync(Store store, string query, object? variables, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(store.Secrets.AccessToken))
        {
            return new ShopAnswer<JsonElement>.Refused("the store has no Admin API access token");
        }

        var bucket = _buckets.GetOrAdd(store.Id, _ => new ShopifyCostBucket(clock));
        var cost = _costs.TryGetValue(query, out var known) ? known : DefaultCost;
        for (var send = 1; ; send++)
        {
            var wait = bucket.Reserve(cost);
            if (wait > MaxInlineWait)
            {
                bucket.Release(cost);
                return ThrottledFor(wait);
            }

            Answer answer;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken);
                }

                answer = await SendAsync(store, query, variables, cancellationToken);
            }
            catch
            {
                bucket.Release(cost);
                throw;
            }

            bucket.Learn(cost, answer.Status, answer.ClosedFor);
            if (answer.RequestedCost is { } requested and > 0)
            {
                _costs[query] = requested;
                cost = requested;
            }

            if (answer.Result is { } result)
            {
                return result;
            }

            if (send == MaxSends)
            {
                return ThrottledFor(bucket.Peek(cost));
            }
        }
    }

    private static ShopAnswer<JsonElement>.TryLater ThrottledFor(TimeSpan wait)
        => new(string.Create(CultureInfo.InvariantCulture, $"Shopify's rate limit for this shop asks for a {wait.TotalSeconds:0.0} s wait"), wait, Throttled: true);

    private async Task<Answer> SendAsync(Store store, string query, object? variables, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(store.ApiBaseUrl ?? $"https://{store.ShopDomain}");
        var api = RestService.ForGenerated<IShopifyAdminApi>(http, Settings);
        IApiResponse<GraphQlResponse> response;
        try
        {
            response = await api.GraphQlAsync(options.CurrentValue.ApiVersion, new GraphQlRequest(query, variables), store.Secrets.AccessToken!, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(new ShopAnswer<JsonElement>.TryLater("Shopify did not answer in time", null));
        }

        if (response.HasRequestError(out var requestError))
        {
            // Not sent because of where it would go: like a revoked token, only the store's owner or the operator can
            // fix it, and every request of the store fails the same way.
            if (ShopAddressRefusedException.In(requestError) is { } refused)
            {
                return new Answer(new ShopAnswer<JsonElement>.Refused(refused.Message));
            }

            return new Answer(new ShopAnswer<JsonElement>.TryLater($"network error ({requestError.InnerException?.GetType().Name ?? requestError.GetType().Name})", null));
        }

        var status = (int)(response.StatusCode ?? 0);
        var body = response.Content;
        var (requested, throttle) = Cost(body?.Extensions);
        if (status is 401 or 403)
        {
            return new Answer(new ShopAnswer<JsonElement>.Refused($"Shopify answered {status}: the access token was revoked or lacks a scope"));
        }

        if (status == 429)
        {
            return new Answer(null, requested, throttle, RetryAfter(response) ?? DefaultTooManyRequestsWait);
        }

        if (status >= 500)
        {
            return new Answer(new ShopAnswer<JsonElement>.TryLater($"Shopify answered {status}", RetryAfter(response)), requested, throttle);
        }

        if (body is null || !response.IsSuccessStatusCode)
        {
            return new Answer(new ShopAnswer<JsonElement>.Failed($"Shopify answered {status}"), requested, throttle);
        }

        if (body.Errors is { Count: > 0 } errors)
        {
            if (errors.Any(e => Code(e) == "THROTTLED"))
            {
                return new Answer(null, requested, throttle);
            }

            var messages = string.Join("; ", errors.Select(e => e.Message));
            return errors.Any(e => Code(e) is "ACCESS_DENIED" or "UNAUTHORIZED")
                ? new Answer(new ShopAnswer<JsonElement>.Refused("Shopify denied access: " + messages), requested, throttle)
                : new Answer(new ShopAnswer<JsonElement>.Failed(messages), requested, throttle);
        }

        return body.Data is { ValueKind: JsonValueKind.Object } data
            ? new Answer(new ShopAnswer<JsonElement>.Ok(data), requested, throttle)
            : new Answer(new ShopAnswer<JsonElement>.Failed("the response had no data"), requested, throttle);
    }

    private static string? Code(GraphQlError error)
        => error.Extensions is { ValueKind: JsonValueKind.Object } extensions && extensions.TryGetProperty("code", out var code) ? code.GetString() : null;

    // extensions.cost: { requestedQueryCost, actualQueryCost, throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate } }
    internal static (double? Requested, ShopifyThrottleStatus? Status) Cost(JsonElement? extensions)
    {
        if (extensions is not { ValueKind: JsonValueKind.Object } ext
            || !ext.TryGetProperty("cost", out var cost) || cost.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        double? Number(JsonElement parent, string name)
            => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

        var requested = Number(cost, "requestedQueryCost");
        if (!cost.TryGetProperty("throttleStatus", out var throttle) || throttle.ValueKind != JsonValueKind.Object)
        {
            return (requested, null);
        }

        return Number(throttle, "maximumAvailable") is { } maximum && Number(throttle, "currentlyAvailable") is { } available && Number(throttle, "restoreRate") is { } rate
            ? (requested, new ShopifyThrottleStatus(maximum, available, rate))
            : (requested, null);
    }

    private TimeSpan? RetryAfter(IApiResponse response)
    {
        var header = response.Headers?.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        return wait is { } w && w > TimeSpan.Zero ? w : null;
    }

    internal static string OrderGid(string orderId)
        => orderId.StartsWith("gid://", StringComparison.Ordinal) ? orderId : string.Create(CultureInfo.InvariantCulture, $"gid://shopify/Order/{orderId}");

    // No result means the shop throttled the request (THROTTLED or 429): it is sent again, or handed back as a
    // throttled TryLater.
    private sealed record Answer(ShopAnswer<JsonElement>? Result, double? RequestedCost = null, ShopifyThrottleStatus? Status = null, TimeSpan? ClosedFor = null);
}
