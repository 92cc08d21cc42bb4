using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.StoreAdmin;

/// GET /api/stores/{id}/sample-webhook (optional amount, orderId), or POST with an optional body { phone, amount,
/// orderId }: a new cash-on-delivery order for the store, signed as its platform signs webhooks with the store's own
/// secret, as a ready curl line and as its parts, to try the real receiver without a shop. A phone is taken only in a
/// body, never in the URL, which request logs print. The secret is never in the answer (only the signature).
public static class StoreSampleWebhookEndpoint
{
    public static RouteGroupBuilder MapStoreSampleWebhook(this RouteGroupBuilder stores)
    {
        stores.MapGet("/{id:long}/sample-webhook", (long id, decimal? amount, long? orderId, [AsParameters] SampleMaker maker, CancellationToken cancellationToken)
            => MakeAsync(id, new SampleWebhookRequest(null, amount, orderId), maker, cancellationToken));
        stores.MapPost("/{id:long}/sample-webhook", (long id, SampleWebhookRequest? body, [AsParameters] SampleMaker maker, CancellationToken cancellationToken)
            => MakeAsync(id, body ?? new SampleWebhookRequest(null, null, null), maker, cancellationToken));
        return stores;
    }

    private static async Task<Results<Ok<SampleWebhookResponse>, ValidationProblem, ProblemHttpResult>> MakeAsync(
        long id, SampleWebhookRequest given, SampleMaker maker, CancellationToken cancellationToken)
    {
        var (stores, platforms, services, configuration, clock, request) = maker;
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (services.GetKeyedService<IShopSampleWebhook>(store.Platform) is not { } samples)
        {
            var path = platforms.Find(store.Platform)?.OrdersPath(store);
            return TypedResults.Problem(
                title: "No signed webhooks for this store",
                detail: $"A {store.Platform} store receives no signed webhooks{(path is null ? "" : $"; its orders go to {path}")}.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var (phone, amount, orderId) = given;
        var errors = new Dictionary<string, string[]>();
        if (amount is <= 0)
        {
            errors["amount"] = ["The amount must be more than 0, e.g. 4999."];
        }

        if (phone is { Length: > 40 })
        {
            errors["phone"] = ["A phone number has at most 40 characters, e.g. 0300-1234561."];
        }

        if (orderId is <= 0)
        {
            errors["orderId"] = ["The order id must be a whole number above 0."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The sample order is not valid");
        }

        // A new order id each time (the time in milliseconds), so each curl is a new order; give one to repeat an order.
        var order = new SampleOrder(
            orderId ?? clock.GetUtcNow().ToUnixTimeMilliseconds(),
            string.IsNullOrWhiteSpace(phone) ? services.GetService<SampleOrderDefaults>()?.Phone : phone.Trim(),
            amount ?? 4999m,
            "Ayesha Khan");
        if (samples.Make(store, order) is not { } sample)
        {
            return TypedResults.Problem(title: "No webhook secret", detail: "The store has no webhook secret to sign with; set its webhookSecret.", statusCode: StatusCodes.Status409Conflict);
        }

        var url = (PublicAddress.Root(configuration) ?? $"{request.Scheme}://{request.Host}") + sample.Path;
        return TypedResults.Ok(new SampleWebhookResponse(
            store.Platform,
            order.OrderId.ToString(CultureInfo.InvariantCulture),
            url,
            sample.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal),
            sample.Body,
            Curl(url, sample),
            order.Phone is null
                ? "Signed with the store's webhook secret (not shown). The order has no phone, so it is taken in as invalid-phone and nobody is called: POST { \"phone\": … } to follow it through a call."
                : "Signed with the store's webhook secret (not shown). Each call makes a new order unless orderId is given; the same line posted twice is one order."));
    }

    /// One line for a POSIX shell: every value in single quotes (a quote inside becomes '\''), the body sent as is.
    internal static string Curl(string url, SampleWebhook sample)
    {
        var curl = new StringBuilder("curl -si -X POST ").Append(Quote(url));
        foreach (var (name, value) in sample.Headers)
        {
            curl.Append(" -H ").Append(Quote($"{name}: {value}"));
        }

        return curl.Append(" --data-binary ").Append(Quote(sample.Body)).ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// What making a sample needs from the request and its services, bound as one parameter ([AsParameters]).
internal sealed record SampleMaker(
    StoreRepository Stores, ShopPlatforms Platforms, IServiceProvider Services, IConfiguration Configuration, TimeProvider Clock, HttpRequest Request);

/// The sample order's optional parts (POST body): the customer's phone, the amount, the shop's order id.
public sealed record SampleWebhookRequest(string? Phone, decimal? Amount, long? OrderId);

/// What the sample endpoint answers: the ready curl line, and its parts for any other HTTP client.
public sealed record SampleWebhookResponse(
    string Platform,
    string OrderId,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string Curl,
    string Note);
