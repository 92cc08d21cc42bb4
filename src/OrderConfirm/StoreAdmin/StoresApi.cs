using Microsoft.AspNetCore.Http.HttpResults;
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
        StoreRequest request, StoreEditor editor, HttpContext http, CancellationToken cancellationToken)
        => await editor.CreateAsync(request, http, cancellationToken) switch
        {
            StoreEditResult.Saved saved => TypedResults.Created($"/api/stores/{saved.Store.Id}", saved.Response),
            StoreEditResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalid.Title),
            StoreEditResult.Conflict conflict => TypedResults.Problem(title: conflict.Title, detail: conflict.Detail, statusCode: StatusCodes.Status409Conflict),
            _ => StoreNotFound(0),
        };

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
        long id, StoreRequest request, StoreEditor editor, HttpContext http, CancellationToken cancellationToken)
        => await editor.UpdateAsync(id, request, http, cancellationToken) switch
        {
            StoreEditResult.Saved saved => TypedResults.Ok(saved.Response),
            StoreEditResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalid.Title),
            StoreEditResult.Conflict conflict => TypedResults.Problem(title: conflict.Title, detail: conflict.Detail, statusCode: StatusCodes.Status409Conflict),
            _ => StoreNotFound(id),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, StoreEditor editor, CancellationToken cancellationToken)
        => await editor.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : StoreNotFound(id);

    private static async Task<Results<Ok<WebhookInstallResult>, ProblemHttpResult>> InstallWebhooksAsync(long id, StoreEditor editor, CancellationToken cancellationToken)
        => await editor.InstallWebhooksAsync(id, cancellationToken) switch
        {
            WebhookInstallOutcome.Tried { Result.Succeeded: true } tried => TypedResults.Ok(tried.Result),
            WebhookInstallOutcome.Tried tried => TypedResults.Problem(
                title: "Webhooks not installed", detail: tried.Result.Error, statusCode: StatusCodes.Status502BadGateway,
                extensions: new Dictionary<string, object?> { ["topics"] = tried.Result.Topics }),
            WebhookInstallOutcome.Refused refused => TypedResults.Problem(title: refused.Title, detail: refused.Detail, statusCode: StatusCodes.Status409Conflict),
            _ => StoreNotFound(id),
        };

    private static ProblemHttpResult StoreNotFound(long id)
        => TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);
}
