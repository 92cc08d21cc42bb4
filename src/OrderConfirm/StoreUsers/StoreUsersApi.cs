using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreUsers;

/// The operator's side of store owner logins (admin key only, see docs/api.md "Store owner logins"): create, list,
/// read, delete, and reset a password. A user is always reached through its store: another store's user is a 404.
/// The changes go through StoreLogins, the same service the operator's connect page uses.
public static class StoreUsersApi
{
    public static RouteGroupBuilder MapStoreUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api/stores/{id:long}/users").WithTags("Stores");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{userId:long}", GetAsync);
        group.MapDelete("/{userId:long}", DeleteAsync);
        group.MapPut("/{userId:long}/password", ResetPasswordAsync);
        return group;
    }

    private static async Task<Results<Created<StoreUserCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        long id, StoreUserRequest request, StoreLogins logins, CancellationToken cancellationToken)
        => await logins.CreateAsync(id, request.Email, request.Password, cancellationToken) switch
        {
            StoreLoginResult.Done { User: var user } => TypedResults.Created($"/api/stores/{id}/users/{user.Id}", new StoreUserCreated(user.Id, user.StoreId, user.Email, user.CreatedAt)),
            StoreLoginResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalid.Title),
            StoreLoginResult.EmailTaken => TypedResults.Problem(
                title: "E-mail already in use",
                detail: "Another login, of this store or another, already has this e-mail: one login opens one store.",
                statusCode: StatusCodes.Status409Conflict),
            _ => StoreNotFound(id),
        };

    private static async Task<Results<Ok<StoreUserList>, ProblemHttpResult>> ListAsync(
        long id, StoreRepository stores, StoreUserRepository users, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await NoStoreAsync(id, stores, cancellationToken) is { } noStore)
        {
            return noStore;
        }

        var now = clock.GetUtcNow();
        var list = await users.ListAsync(id, cancellationToken);
        return TypedResults.Ok(new StoreUserList([.. list.Select(u => StoreUserView.Of(u, now))]));
    }

    private static async Task<Results<Ok<StoreUserView>, ProblemHttpResult>> GetAsync(
        long id, long userId, StoreRepository stores, StoreUserRepository users, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await NoStoreAsync(id, stores, cancellationToken) is { } noStore)
        {
            return noStore;
        }

        return await users.GetAsync(id, userId, cancellationToken) is { } user
            ? TypedResults.Ok(StoreUserView.Of(user, clock.GetUtcNow()))
            : UserNotFound(id, userId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, long userId, StoreLogins logins, CancellationToken cancellationToken)
        => await logins.DeleteAsync(id, userId, cancellationToken) switch
        {
            StoreLoginResult.Done => TypedResults.NoContent(),
            StoreLoginResult.UserNotFound => UserNotFound(id, userId),
            _ => StoreNotFound(id),
        };

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        long id, long userId, StoreUserPasswordRequest request, StoreLogins logins, CancellationToken cancellationToken)
        => await logins.ResetPasswordAsync(id, userId, request.Password, cancellationToken) switch
        {
            StoreLoginResult.Done => TypedResults.NoContent(),
            StoreLoginResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalid.Title),
            StoreLoginResult.UserNotFound => UserNotFound(id, userId),
            _ => StoreNotFound(id),
        };

    // Only the plain settings are read: enough to know the store exists, even when its secrets cannot be opened.
    private static async Task<ProblemHttpResult?> NoStoreAsync(long id, StoreRepository stores, CancellationToken cancellationToken)
        => await stores.GetSettingsAsync(id, cancellationToken) is null ? StoreNotFound(id) : null;

    private static ProblemHttpResult StoreNotFound(long id)
        => TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult UserNotFound(long storeId, long userId)
        => TypedResults.Problem(title: "Store user not found", detail: $"Store {storeId} has no user {userId}.", statusCode: StatusCodes.Status404NotFound);
}
