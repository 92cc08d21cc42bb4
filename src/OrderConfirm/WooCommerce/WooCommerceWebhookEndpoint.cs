using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Security;
using OrderConfirm.Webhooks;

namespace OrderConfirm.WooCommerce;

/// POST /webhooks/woocommerce/{storeId}, every topic. The request path only authenticates, stores and answers: no
/// parsing of the order, no call to the shop. WooCommerce never re-sends a failed delivery and disables the webhook
/// after a few failures in a row, so the 200 comes only after the commit, and quickly.
public static partial class WooCommerceWebhookEndpoint
{
    public const long MaxBody = 1024 * 1024;

    public static IEndpointConventionBuilder MapWooCommerceWebhooks(this IEndpointRouteBuilder routes)
        => routes.MapPost("/webhooks/woocommerce/{storeId}", ReceiveAsync)
            .Counted(WooCommercePlatform.Key)
            .WithTags("Webhooks")
            .WithMetadata(new Toolkit.RequestSizeLimit(MaxBody));

    /// The inbox key of a delivery. X-WC-Webhook-Delivery-ID is wp_hash(webhook id . time()) in whole seconds, so one
    /// webhook sends the same id for every order it delivers within a second (an Action Scheduler batch): alone it
    /// would make the second order look like a repeat. With the body's hash, only a byte-identical delivery repeats.
    internal static string InboxDeliveryId(string deliveryId, ReadOnlySpan<byte> body)
        => $"{deliveryId}:{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}";

    /// The activation ping: "webhook_id=N" and nothing else, with no signature and no X-WC-Webhook-* header.
    internal static bool IsPing(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        if (headers.Keys.Any(h => h.StartsWith("X-WC-Webhook-", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        ReadOnlySpan<byte> prefix = "webhook_id="u8;
        if (!body.StartsWith(prefix) || body.Length == prefix.Length || body.Length > prefix.Length + 19)
        {
            return false;
        }

        foreach (var b in body[prefix.Length..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<Results<Ok, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveAsync(
        string storeId, HttpRequest request, WooCommerceStoreDirectory directory, WebhookInbox inbox, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WooCommerceWebhookEndpoint));
        if (request.ContentLength > MaxBody)
        {
            return WebhookBody.TooLarge(MaxBody);
        }

        // 404 rather than 401: the ping carries no signature, so a merchant who typed a wrong store id sees "returned
        // response code: 404" in wp-admin. Ids are sequential; saying one does not exist gives nothing away.
        var store = long.TryParse(storeId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? await directory.FindAsync(id, cancellationToken)
            : null;
        if (store is null)
        {
            WebhookCounts.Because(request.HttpContext, "unknown_store");
            LogRejected(logger, "unknown store or not a WooCommerce store");
            return TypedResults.Problem(title: "Store not found", detail: "There is no WooCommerce store with this id.", statusCode: StatusCodes.Status404NotFound);
        }

        if (await WebhookBody.ReadAsync(request, MaxBody, cancellationToken) is not { } body)
        {
            return WebhookBody.TooLarge(MaxBody);
        }

        var headers = request.Headers;
        string? signature = headers["X-WC-Webhook-Signature"];
        if (string.IsNullOrWhiteSpace(signature))
        {
            if (IsPing(headers, body.Span))
            {
                WebhookCounts.Because(request.HttpContext, "ping");
                LogPing(logger, store.StoreId);
                return TypedResults.Ok();
            }

            WebhookCounts.Because(request.HttpContext, "signature");
            LogRejected(logger, "no signature");
            return TypedResults.Unauthorized();
        }

        string? topic = headers["X-WC-Webhook-Topic"];
        string? deliveryId = headers["X-WC-Webhook-Delivery-ID"];
        if (string.IsNullOrWhiteSpace(topic) || string.IsNullOrWhiteSpace(deliveryId))
        {
            WebhookCounts.Because(request.HttpContext, "headers");
            LogRejected(logger, "a required X-WC-Webhook-* header is missing");
            return TypedResults.Unauthorized();
        }

        if (topic.Length > 100 || deliveryId.Length > 100)
        {
            return TypedResults.Problem(title: "Malformed webhook", detail: "A header value is too long.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!WebhookSignature.IsValid(body.Span, signature, store.Keys)
            && !(await directory.RefreshAsync(store.StoreId, cancellationToken) is { } fresh && WebhookSignature.IsValid(body.Span, signature, fresh.Keys)))
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
            var delivery = new InboundDelivery(WooCommercePlatform.Key, InboxDeliveryId(deliveryId.Trim(), body.Span), store.StoreId, topic.Trim().ToLowerInvariant(), body);
            await inbox.StoreAsync(delivery, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Not stored. WooCommerce will not send it again: reconciliation is what finds the order later.
            return TypedResults.Problem(title: "Temporarily unavailable", detail: "The delivery could not be stored.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WooCommerce webhook rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WooCommerce webhook ping for store {StoreId} answered 200")]
    private static partial void LogPing(ILogger logger, long storeId);
}
