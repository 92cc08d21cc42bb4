using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Webhooks;

namespace OrderConfirm.StoreAdmin;

public static class StoresApi
{
    public static RouteGroupBuilder MapStoresApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/stores").WithTags("Stores");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPatch("/{id:long}", UpdateAsync);
        group.MapDelete("/{id:long}", DeleteAsync);
        group.MapPost("/{id:long}/webhooks", InstallWebhooksAsync);
        group.MapStoreReconcile();
        group.MapStoreSampleWebhook();
        return group;
    }

    private static async Task<Results<Created<StoreResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        StoreRequest request, StoreRepository stores, StoreViews views, ShopPlatforms platforms, StoreChecks checks, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var platform = platforms.Find(request.Platform);
        var errors = await checks.CheckAsync(request, null, platform, cancellationToken);
        if (errors.Count > 0 || platform is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The store is not valid");
        }

        var candidate = platform.Prepare(null, checks.Apply(request, new Store { Id = 0, Name = "", Platform = platform.Key }), clock.GetUtcNow());
        if (checks.CanCall(candidate) is { Count: > 0 } cannotCall)
        {
            return TypedResults.ValidationProblem(cannotCall.ToDictionary(), title: "The store could not place a call");
        }

        if (await platform.TakenByAsync(candidate, cancellationToken) is { } other)
        {
            return ShopTaken(other);
        }

        var store = await stores.InsertAsync(candidate, cancellationToken);
        platform.Forget(store);
        var issued = await platform.IssueAsync(null, store, cancellationToken);
        return TypedResults.Created($"/api/stores/{store.Id}", await views.ToResponseAsync(store, http, cancellationToken) with { Issued = issued });
    }

    // A page like every other list: newest first, nextBefore (null on the last page) asks for the next.
    private static async Task<Results<Ok<StorePage>, ValidationProblem>> ListAsync(
        long? before, int? limit, StoreRepository stores, StoreViews views, HttpContext http, CancellationToken cancellationToken)
    {
        if (ListPage.LimitProblem(limit) is { } problem)
        {
            return problem;
        }

        var size = limit ?? 100;
        var page = await stores.PageAsync(before, size, cancellationToken);
        var responses = new List<StoreResponse>(page.Count);
        foreach (var store in page)
        {
            responses.Add(await views.ToResponseAsync(store, http, cancellationToken));
        }

        return TypedResults.Ok(new StorePage(responses, page.Count == size ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<StoreResponse>, ProblemHttpResult>> GetAsync(long id, StoreRepository stores, StoreViews views, HttpContext http, CancellationToken cancellationToken)
        => await stores.GetAsync(id, cancellationToken) is { } store
            ? TypedResults.Ok(await views.ToResponseAsync(store, http, cancellationToken))
            : StoreNotFound(id);

    private static async Task<Results<Ok<StoreResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, StoreRequest request, StoreRepository stores, StoreViews views, ShopPlatforms platforms, StoreChecks checks, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } existing)
        {
            return StoreNotFound(id);
        }

        if (platforms.Find(existing.Platform) is not { } platform)
        {
            return NoPlatform(existing);
        }

        var errors = await checks.CheckAsync(request, existing, platform, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The change is not valid");
        }

        var candidate = platform.Prepare(existing, checks.Apply(request, existing), clock.GetUtcNow());
        if (checks.CanCall(candidate) is { Count: > 0 } cannotCall)
        {
            return TypedResults.ValidationProblem(cannotCall.ToDictionary(), title: "The store could not place a call");
        }

        if (await platform.TakenByAsync(candidate, cancellationToken) is { } other)
        {
            return ShopTaken(other);
        }

        var updated = await stores.UpdateAsync(candidate, cancellationToken);
        platform.Forget(existing);
        platform.Forget(updated);

        // Only now, with the change stored (a new webhook secret already accepted), may the shop be told of it.
        var webhooks = platform.Webhooks is { } shop ? await shop.AfterUpdateAsync(existing, updated, cancellationToken) : null;
        var issued = await platform.IssueAsync(existing, updated, cancellationToken);
        return TypedResults.Ok(await views.ToResponseAsync(updated, http, cancellationToken) with { WebhookSecretRotation = webhooks, Issued = issued });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, StoreRepository stores, ShopPlatforms platforms, CancellationToken cancellationToken)
    {
        var existing = await stores.GetAsync(id, cancellationToken);
        if (existing is null || !await stores.DeleteAsync(id, cancellationToken))
        {
            return StoreNotFound(id);
        }

        platforms.Find(existing.Platform)?.Forget(existing);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookInstallResult>, ProblemHttpResult>> InstallWebhooksAsync(
        long id, StoreRepository stores, ShopPlatforms platforms, CancellationToken cancellationToken)
    {
        if (await stores.GetAsync(id, cancellationToken) is not { } store)
        {
            return StoreNotFound(id);
        }

        if (platforms.Find(store.Platform)?.Webhooks is not { } webhooks)
        {
            return TypedResults.Problem(
                title: "No webhooks to install",
                detail: "This store sends its orders to POST /api/verifications itself.",
                statusCode: StatusCodes.Status409Conflict);
        }

        if (webhooks.DeliveryUrl(store) is not { } deliveryUrl)
        {
            return TypedResults.Problem(title: "PublicBaseUrl is not set", detail: "Set PublicBaseUrl to this service's public https root so the shop knows where to deliver.", statusCode: StatusCodes.Status409Conflict);
        }

        var result = await webhooks.InstallAsync(store, deliveryUrl, cancellationToken);
        if (result.CredentialsRejected)
        {
            await stores.SetAttentionAsync(store.Id, $"Webhook installation: {result.Error}", cancellationToken);
        }

        return result.Succeeded
            ? TypedResults.Ok(result)
            : TypedResults.Problem(title: "Webhooks not installed", detail: result.Error, statusCode: StatusCodes.Status502BadGateway, extensions: new Dictionary<string, object?> { ["topics"] = result.Topics });
    }

    private static ProblemHttpResult StoreNotFound(long id)
        => TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);

    // The shop's webhooks would not tell the two stores apart (for Shopify: the same shop domain).
    private static ProblemHttpResult ShopTaken(long otherId)
        => TypedResults.Problem(title: "Shop domain already registered", detail: $"Store {otherId} already uses this shop domain.", statusCode: StatusCodes.Status409Conflict);

    // A store saved under a platform this build does not have.
    private static ProblemHttpResult NoPlatform(Store store)
        => TypedResults.Problem(title: "Unknown platform", detail: $"This service has no '{store.Platform}' platform.", statusCode: StatusCodes.Status409Conflict);
}
