using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Storage;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Webhooks;

/// The operator's view of the inbox: what failed and why (never a body), and a replay for what can be applied again.
public static class WebhookDeliveriesApi
{
    private static readonly string[] Statuses = ["new", "processing", "done", "failed", "expired"];

    public static RouteGroupBuilder MapWebhookDeliveriesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhook-deliveries").WithTags("Webhook deliveries");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPost("/{id:long}/retry", RetryAsync);
        return group;
    }

    private static async Task<Results<Ok<WebhookDeliveryPage>, ValidationProblem>> ListAsync(
        string? status, long? storeId, long? before, int? limit, WebhookDeliveries deliveries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
        {
            errors["status"] = [$"Unknown status; use one of: {string.Join(", ", Statuses)}."];
        }

        ListPage.CheckLimit(limit, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var size = limit ?? 100;
        var rows = await deliveries.ListAsync(status, storeId, before, size, cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryPage(rows.Select(ToView).ToList(), rows.Count == size ? rows[^1].Id : null));
    }

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> GetAsync(long id, WebhookDeliveries deliveries, CancellationToken cancellationToken)
        => await deliveries.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(ToView(row)) : NotFound(id);

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> RetryAsync(long id, WebhookDeliveryRetry retry, CancellationToken cancellationToken)
        => await retry.RetryAsync(id, cancellationToken) switch
        {
            DeliveryRetryResult.Retried retried => TypedResults.Ok(ToView(retried.Delivery)),
            DeliveryRetryResult.Refused refused => TypedResults.Problem(
                title: "The delivery cannot be retried",
                detail: $"Delivery {id} is {refused.Status}. {Why(refused.Why)}",
                statusCode: StatusCodes.Status409Conflict),
            _ => NotFound(id),
        };

    private static string Why(DeliveryRetryRefusal why) => why switch
    {
        DeliveryRetryRefusal.Applied => "It was applied already, and its body is gone.",
        DeliveryRetryRefusal.BeingWorked => "It is being processed right now.",
        _ => "Its body is gone (it failed before bodies were kept, or was erased after the retention period), so there is nothing to apply.",
    };

    private static WebhookDeliveryView ToView(WebhookDeliveryRow row) => new(
        row.Id,
        row.Platform,
        row.DeliveryId,
        row.StoreId,
        row.Topic,
        row.Status,
        row.Attempts,
        UnixTime.FromMs(row.ReceivedAt),
        row.Status == "new" ? UnixTime.FromMs(row.DueAt) : null,
        UnixTime.FromMs(row.ProcessedAt),
        row.Status == "done" ? null : row.Result,
        row.Status == "done" ? row.Result : null,
        row.BodyKept != 0);

    private static ProblemHttpResult NotFound(long id)
        => TypedResults.Problem(title: "Delivery not found", detail: $"There is no webhook delivery {id}.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record WebhookDeliveryView(
    long Id,
    string Platform,
    string DeliveryId,
    long StoreId,
    string Topic,
    string Status,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ProcessedAt,
    string? LastError,
    string? Result,
    bool BodyKept);

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, long? NextBefore);
