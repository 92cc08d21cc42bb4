using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderConfirm.Shopify;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Stores;

/// POST /api/stores/{id}/reconcile { since }: the operator's backfill, for Shopify and WooCommerce stores.
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
        IBackgroundJobClient jobs,
        IOptionsMonitor<ShopifyOptions> shopify,
        IOptionsMonitor<WooCommerceOptions> wooCommerce,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (store.Platform is not (Platforms.Shopify or Platforms.WooCommerce) || !store.Enabled)
        {
            return TypedResults.Problem(
                title: "Nothing to reconcile",
                detail: store.Enabled ? "Only Shopify and WooCommerce stores are reconciled." : "The store is disabled.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var now = clock.GetUtcNow();
        var isShopify = store.Platform == Platforms.Shopify;
        var (lookback, option) = isShopify
            ? (shopify.CurrentValue.ReconcileLookback, "Shopify:ReconcileLookback")
            : (wooCommerce.CurrentValue.ReconcileLookback, "WooCommerce:ReconcileLookback");
        if (request.Since is not { } since || since < now - lookback || since > now)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["since"] = [$"Give a time between now and {option} ({lookback:c}) ago."] },
                title: "The backfill is not valid");
        }

        // Only ever backwards: a mark that is already earlier keeps the orders it has not reached yet.
        var from = isShopify ? ReconcileOrdersJob.StartOf(store, now, lookback) : ReconcileWooCommerceOrdersJob.StartOf(store, now, lookback);
        if (since < from)
        {
            await stores.SetReconciledThroughAsync(id, since, cancellationToken);
            from = since;
        }

        var jobId = isShopify
            ? jobs.Enqueue<ReconcileOrdersJob>(j => j.RunStoreAsync(id, CancellationToken.None))
            : jobs.Enqueue<ReconcileWooCommerceOrdersJob>(j => j.RunStoreAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/stores/{id}", new ReconcileResponse(id, from, jobId));
    }
}

public sealed record ReconcileRequest(DateTimeOffset? Since);

// reconcilingFrom: the time from which the store's orders are being looked at again (Shopify: created since;
// WooCommerce: changed since).
public sealed record ReconcileResponse(long StoreId, DateTimeOffset ReconcilingFrom, string JobId);
