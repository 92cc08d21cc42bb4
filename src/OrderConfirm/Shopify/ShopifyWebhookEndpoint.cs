using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Security;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Shopify;

/// POST /webhooks/shopify, every topic. The request path only authenticates, stores and answers: no parsing of
/// the order, no Hangfire job, nothing that can make Shopify wait (it gives up after 5 s).
public static partial class ShopifyWebhookEndpoint
{
    public const long MaxBody = 1024 * 1024;

    public static IEndpointConventionBuilder MapShopifyWebhooks(this IEndpointRouteBuilder routes)
        => routes.MapPost("/webhooks/shopify", ReceiveAsync)
            .Counted(ShopifyPlatform.Key)
            .WithTags("Webhooks")
            .WithMetadata(new Toolkit.RequestSizeLimit(MaxBody));

    private static async Task<Results<Ok, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, ShopifyStoreDirectory directory, WebhookInbox inbox, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ShopifyWebhookEndpoint));
        var headers = request.Headers;
        string? hmac = headers["X-Shopify-Hmac-Sha256"];
        string? shop = headers["X-Shopify-Shop-Domain"];
        string? topic = headers["X-Shopify-Topic"];
        string? webhookId = headers["X-Shopify-Webhook-Id"];
        if (string.IsNullOrWhiteSpace(hmac) || string.IsNullOrWhiteSpace(shop) || string.IsNullOrWhiteSpace(topic) || string.IsNullOrWhiteSpace(webhookId))
        {
            WebhookCounts.Because(request.HttpContext, "headers");
            LogRejected(logger, "a required X-Shopify-* header is missing");
            return TypedResults.Unauthorized();
        }

        if (request.ContentLength > MaxBody)
        {
            return WebhookBody.TooLarge(MaxBody);
        }

        if (shop.Length > 255 || topic.Length > 100 || webhookId.Length > 200)
        {
            return TypedResults.Problem(title: "Malformed webhook", detail: "A header value is too long.", statusCode: StatusCodes.Status400BadRequest);
        }

        var store = await directory.FindAsync(shop.Trim(), cancellationToken);
        if (store is null)
        {
            WebhookCounts.Because(request.HttpContext, "unknown_store");
            LogRejected(logger, "unknown shop");
            return TypedResults.Unauthorized();
        }

        if (await WebhookBody.ReadAsync(request, MaxBody, cancellationToken) is not { } body)
        {
            return WebhookBody.TooLarge(MaxBody);
        }

        if (!WebhookSignature.IsValid(body.Span, hmac, store.Keys))
        {
            WebhookCounts.Because(request.HttpContext, "signature");
            LogRejected(logger, "invalid signature");
            return TypedResults.Unauthorized();
        }

        if (!WebhookBody.IsJson(body.Span))
        {
            return TypedResults.Problem(title: "Malformed webhook", detail: "The body is not JSON.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await inbox.StoreAsync(new InboundDelivery(ShopifyPlatform.Key, webhookId.Trim(), store.StoreId, topic.Trim().ToLowerInvariant(), body), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Not stored: a 5xx makes Shopify deliver it again later.
            return TypedResults.Problem(title: "Temporarily unavailable", detail: "The delivery could not be stored; please retry.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shopify webhook rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
