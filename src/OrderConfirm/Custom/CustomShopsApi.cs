using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;
using OrderConfirm.Storage;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Custom;

/// The operator's actions on a custom shop (admin key only, see docs/custom-shops.md): a new API key (the old one is
/// refused from that moment), a new result webhook secret (deliveries sent after it are signed with the new one), and
/// the log of result deliveries.
public static class CustomShopsApi
{
    public static RouteGroupBuilder MapCustomShopsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api/stores").WithTags("Stores");
        group.MapPost("/{id:long}/api-key", RotateApiKeyAsync);
        group.MapPost("/{id:long}/result-webhook-secret", RotateResultSecretAsync);
        group.MapGet("/{id:long}/result-deliveries", ListDeliveriesAsync);
        return group;
    }

    private static async Task<Results<Ok<IssuedStoreKey>, ProblemHttpResult>> RotateApiKeyAsync(
        long id, StoreRepository stores, StoreApiKeys apiKeys, CancellationToken cancellationToken)
        => await CustomStoreAsync(id, stores, cancellationToken) is { } problem
            ? problem
            : TypedResults.Ok(await apiKeys.IssueAsync(id, cancellationToken));

    // keepPrevious=false ends the old secret at once (it leaked); by default it also signs for ResultWebhooks:RotationOverlap.
    private static async Task<Results<Ok<ResultSecretResponse>, ProblemHttpResult>> RotateResultSecretAsync(
        long id, bool? keepPrevious, StoreRepository stores, IOptionsMonitor<ResultWebhookOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CustomStoreAsync(id, stores, cancellationToken) is { } problem)
        {
            return problem;
        }

        var store = (await stores.GetAsync(id, cancellationToken))!;
        var secret = ResultWebhookSignature.NewSecret();
        var overlap = keepPrevious == false ? TimeSpan.Zero : options.CurrentValue.RotationOverlap;
        var until = overlap > TimeSpan.Zero && store.Secrets.ResultWebhookSecret is not null ? clock.GetUtcNow() + overlap : (DateTimeOffset?)null;
        await stores.UpdateAsync(
            store with
            {
                Secrets = store.Secrets with
                {
                    ResultWebhookSecret = secret,
                    PreviousResultWebhookSecret = until is null ? null : store.Secrets.ResultWebhookSecret,
                    PreviousResultWebhookSecretUntil = until,
                },
            },
            cancellationToken);
        return TypedResults.Ok(new ResultSecretResponse(id, secret, until));
    }

    private static async Task<Results<Ok<ResultDeliveryPage>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        long id, long? before, int? limit, StoreRepository stores, ResultDeliveries deliveries, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ListPage.LimitProblem(limit) is { } badLimit)
        {
            return badLimit;
        }

        if (await CustomStoreAsync(id, stores, cancellationToken) is { } problem)
        {
            return problem;
        }

        var size = limit ?? 50;
        var rows = await deliveries.ListAsync(id, before, size, cancellationToken);
        var now = clock.GetUtcNow().ToMs();
        var items = rows.Select(r => new ResultDeliveryView(
            r.Id,
            r.EventId,
            r.VerificationId,
            r.Outcome,
            r.DeliveredAt is not null ? "delivered" : r.FailedAt is not null ? "failed" : r.ClaimedUntil > now ? "sending" : r.Attempts == 0 ? "pending" : "retrying",
            r.Attempts,
            r.LastStatusCode,
            r.LastError,
            UnixTime.FromMs(r.NextAttemptAt),
            UnixTime.FromMs(r.DeliveredAt),
            UnixTime.FromMs(r.CreatedAt))).ToList();
        return TypedResults.Ok(new ResultDeliveryPage(items, rows.Count == size ? rows[^1].Id : null));
    }

    private static async Task<ProblemHttpResult?> CustomStoreAsync(long id, StoreRepository stores, CancellationToken cancellationToken)
    {
        var store = await stores.GetAsync(id, cancellationToken);
        return store is null
            ? TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound)
            : store.Platform != CustomPlatform.Key
                ? TypedResults.Problem(
                    title: "Not a custom store",
                    detail: "Only a custom store (platform 'custom') has an API key and result webhooks of its own.",
                    statusCode: StatusCodes.Status409Conflict)
                : null;
    }
}

// PreviousSecretValidUntil: until when deliveries also carry the previous secret's signature (null: not at all).
public sealed record ResultSecretResponse(long StoreId, string ResultWebhookSecret, DateTimeOffset? PreviousSecretValidUntil);

// state: pending (not tried yet), sending (an attempt is under way), retrying (waiting for NextAttemptAt), delivered or
// failed (for good: LastError says why).
public sealed record ResultDeliveryView(
    long Id,
    string EventId,
    long VerificationId,
    string Status,
    string State,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset CreatedAt);

public sealed record ResultDeliveryPage(IReadOnlyList<ResultDeliveryView> Items, long? NextBefore);
