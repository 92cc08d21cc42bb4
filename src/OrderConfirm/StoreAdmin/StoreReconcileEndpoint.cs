using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreAdmin;

/// POST /api/stores/{id}/reconcile { since }: the operator's backfill, for stores whose platform reconciles.
/// Reconciliation of a newly connected store starts at its connection time, so the open COD orders it already had are
/// not called unless someone asks; this moves the store's mark back to <c>since</c> (at most the platform's
/// ReconcileLookback ago) and runs it now.
public static class StoreReconcileEndpoint
{
    public static RouteGroupBuilder MapStoreReconcile(this RouteGroupBuilder stores)
    {
        stores.MapPost("/{id:long}/reconcile", ReconcileAsync);
        return stores;
    }

    private static async Task<Results<Accepted<ReconcileResponse>, ValidationProblem, ProblemHttpResult>> ReconcileAsync(
        long id,
        ReconcileRequest request,
        StoreRepository stores,
        ShopPlatforms platforms,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (platforms.Find(store.Platform)?.Reconciliation is not { } reconciliation || !store.Enabled)
        {
            return TypedResults.Problem(
                title: "Nothing to reconcile",
                detail: store.Enabled ? "This store sends its orders to POST /api/verifications itself; there is no shop to reconcile." : "The store is disabled.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var now = clock.GetUtcNow();
        var (lookback, setting) = reconciliation.Lookback;
        if (request.Since is not { } since || since < now - lookback || since > now)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["since"] = [$"Give a time between now and {setting} ({lookback:c}) ago."] },
                title: "The backfill is not valid");
        }

        // Only ever backwards: a mark that is already earlier keeps the orders it has not reached yet.
        var from = reconciliation.StartOf(store, now);
        if (since < from)
        {
            await stores.SetReconciledThroughAsync(id, since, cancellationToken);
            from = since;
        }

        return TypedResults.Accepted($"/api/stores/{id}", new ReconcileResponse(id, from, reconciliation.Enqueue(id)));
    }
}

public sealed record ReconcileRequest(DateTimeOffset? Since);

// reconcilingFrom: the time from which the store's orders are being looked at again (Shopify: created since;
// WooCommerce: changed since).
public sealed record ReconcileResponse(long StoreId, DateTimeOffset ReconcilingFrom, string JobId);
