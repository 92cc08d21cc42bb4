using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderConfirm.Stores;

namespace OrderConfirm.Shopify;

/// POST /api/stores/{id}/reconcile { since }: the operator's backfill. Reconciliation of a newly connected store starts
/// at its connection time, so the untagged open COD orders it already had are not called unless someone asks; this
/// moves the store's mark back to <c>since</c> (at most Shopify:ReconcileLookback ago) and runs it now.
public static class ShopifyReconcileEndpoint
{
    public static RouteGroupBuilder MapShopifyReconcile(this RouteGroupBuilder stores)
    {
        stores.MapPost("/{id:long}/reconcile", ReconcileAsync);
        return stores;
    }

    private static async Task<Results<Accepted<ReconcileResponse>, ValidationProblem, ProblemHttpResult>> ReconcileAsync(
        long id, ReconcileRequest request, StoreRepository stores, IBackgroundJobClient jobs, IOptionsMonitor<ShopifyOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lookback = options.CurrentValue.ReconcileLookback;
        if (request.Since is not { } since || since < now - lookback || since > now)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["since"] = [$"Give a time between now and Shopify:ReconcileLookback ({lookback:c}) ago."] },
                title: "The backfill is not valid");
        }

        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (store.Platform != Platforms.Shopify || !store.Enabled)
        {
            return TypedResults.Problem(
                title: "Nothing to reconcile",
                detail: store.Platform != Platforms.Shopify ? "Only Shopify stores are reconciled." : "The store is disabled.",
                statusCode: StatusCodes.Status409Conflict);
        }

        // Only ever backwards: a mark that is already earlier keeps the orders it has not reached yet.
        var from = ReconcileOrdersJob.StartOf(store, now, lookback);
        if (since < from)
        {
            await stores.SetReconciledThroughAsync(id, since, cancellationToken);
            from = since;
        }

        var jobId = jobs.Enqueue<ReconcileOrdersJob>(j => j.RunStoreAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/stores/{id}", new ReconcileResponse(id, from, jobId));
    }
}

public sealed record ReconcileRequest(DateTimeOffset? Since);

// reconcilingFrom: the creation time from which the store's untagged open COD orders are being taken in.
public sealed record ReconcileResponse(long StoreId, DateTimeOffset ReconcilingFrom, string JobId);
