using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Stores;

namespace OrderConfirm.Custom;

/// The operator's actions on a custom shop's credentials (admin key only): POST /api/stores/{id}/api-key issues a new
/// key and refuses the old one from that moment (see docs/custom-shops.md).
public static class CustomShopsApi
{
    public static RouteGroupBuilder MapCustomShopsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api/stores").WithTags("Stores");
        group.MapPost("/{id:long}/api-key", RotateApiKeyAsync);
        return group;
    }

    private static async Task<Results<Ok<IssuedStoreKey>, ProblemHttpResult>> RotateApiKeyAsync(
        long id, StoreRepository stores, StoreApiKeys apiKeys, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (store.Platform != CustomPlatform.Key)
        {
            return TypedResults.Problem(
                title: "No API key for this store",
                detail: "Only a custom store (platform 'custom') has an API key of its own; its orders come from its shop's webhooks.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Ok(await apiKeys.IssueAsync(id, cancellationToken));
    }
}
