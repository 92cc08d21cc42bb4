using OrderConfirm.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderConfirm.Balances;

/// GET /api/stores/{id}/balance: the store's Robo Call and SMS balances, read from the providers now.
public static class StoreBalanceEndpoint
{
    public static RouteGroupBuilder MapStoreBalance(this RouteGroupBuilder stores)
    {
        stores.MapGet("/{id:long}/balance", ReadAsync);
        return stores;
    }

    private static async Task<Results<Ok<StoreBalance>, ProblemHttpResult>> ReadAsync(
        long id, StoreRepository stores, StoreBalances balances, CancellationToken cancellationToken)
        => await stores.GetAsync(id, cancellationToken) is { } store
            ? TypedResults.Ok(await balances.ReadAsync(store, cancellationToken))
            : TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
}
