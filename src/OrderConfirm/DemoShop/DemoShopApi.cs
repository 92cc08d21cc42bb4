using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Security;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.DemoShop;

/// The demo shop's own HTTP endpoints: what a shop's admin API is to the service (read an order, write an outcome,
/// with the store's access token) and what a shop's back office is to its merchant (the order list, a cancel button).
public static class DemoShopApi
{
    public const string Root = "/sandbox/shop";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var shop = routes.MapGroup(Root).WithTags("Sandbox");

        // The merchant's view: every order with what the service wrote back. Public, like the rest of the sandbox.
        shop.MapGet("/orders", ListAsync);
        shop.MapPost("/orders/{id:long}/cancel", CancelAsync);

        // The service's side: the store's access token, as a shop's admin API asks for it.
        shop.MapGet("/api/orders/{id:long}", GetAsync).ExcludeFromDescription();
        shop.MapPost("/api/orders/{id:long}/outcome", WriteOutcomeAsync).ExcludeFromDescription();
    }

    // A page like every other list: newest first, nextBefore (null on the last page) asks for the next.
    private static async Task<Results<Ok<DemoShopOrderPage>, ValidationProblem>> ListAsync(long? before, int? limit, DemoShopOrders orders, CancellationToken cancellationToken)
    {
        if (ListPage.LimitProblem(limit) is { } problem)
        {
            return problem;
        }

        var size = limit ?? 100;
        var page = await orders.ListAsync(before, size, cancellationToken);
        return TypedResults.Ok(new DemoShopOrderPage(page, page.Count == size ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<DemoShopOrder>, NotFound>> CancelAsync(long id, DemoShopOrders orders, CancellationToken cancellationToken)
        => await orders.CancelAsync(id, cancellationToken) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();

    private static async Task<Results<Ok<DemoShopOrder>, NotFound, UnauthorizedHttpResult>> GetAsync(
        long id, HttpRequest request, DemoShopOrders orders, StoreRepository stores, CancellationToken cancellationToken)
    {
        if (await orders.GetAsync(id, cancellationToken) is not { } order)
        {
            return TypedResults.NotFound();
        }

        return await AuthorizedAsync(request, order, stores, cancellationToken) ? TypedResults.Ok(order) : TypedResults.Unauthorized();
    }

    private static async Task<Results<Ok<DemoShopOrder>, NotFound, UnauthorizedHttpResult, Conflict<string>, BadRequest<string>>> WriteOutcomeAsync(
        long id, DemoShopOutcome body, HttpRequest request, DemoShopOrders orders, StoreRepository stores, CancellationToken cancellationToken)
    {
        if (await orders.GetAsync(id, cancellationToken) is not { } order)
        {
            return TypedResults.NotFound();
        }

        if (!await AuthorizedAsync(request, order, stores, cancellationToken))
        {
            return TypedResults.Unauthorized();
        }

        if (string.IsNullOrWhiteSpace(body.Outcome))
        {
            return TypedResults.BadRequest("outcome is required");
        }

        return await orders.WriteOutcomeAsync(id, body.Outcome, body.Note ?? "", cancellationToken) is { } written
            ? TypedResults.Ok(written)
            : TypedResults.Conflict("The order was cancelled by the merchant.");
    }

    private static async Task<bool> AuthorizedAsync(HttpRequest request, DemoShopOrder order, StoreRepository stores, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        var store = await stores.GetAsync(order.StoreId, cancellationToken);
        return store is not null && ConstantTime.Equals(token, store.Secrets.AccessToken);
    }
}

public sealed record DemoShopOrderPage(IReadOnlyList<DemoShopOrder> Items, long? NextBefore);

/// What the service writes onto a demo order: the outcome, and a note for the merchant.
public sealed record DemoShopOutcome(string? Outcome, string? Note);
