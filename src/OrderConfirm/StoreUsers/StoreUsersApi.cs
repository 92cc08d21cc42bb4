using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreUsers;

/// The operator's side of store owner logins (admin key only, see docs/api.md "Store owner logins"): create, list,
/// read, delete, and reset a password. A user is always reached through its store: another store's user is a 404.
/// The operator's changes are logged under the repository's category (a static class cannot name a logger).
public static partial class StoreUsersApi
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
        long id, StoreUserRequest request, StoreRepository stores, StoreUserRepository users, IPasswordHasher<StoreUser> hasher,
        ILogger<StoreUserRepository> logger, CancellationToken cancellationToken)
    {
        if (await NoStoreAsync(id, stores, cancellationToken) is { } noStore)
        {
            return noStore;
        }

        var email = StoreUserRules.Normalize(request.Email);
        var errors = new Dictionary<string, string[]>();
        if (StoreUserRules.EmailProblem(email) is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }

        if (StoreUserRules.PasswordProblem(request.Password, email) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The login is not valid");
        }

        var inserted = await users.InsertAsync(id, email, hasher.HashPassword(null!, request.Password!), cancellationToken);
        if (inserted.StoreGone)
        {
            return StoreNotFound(id);
        }

        if (inserted.User is not { } user)
        {
            return TypedResults.Problem(
                title: "E-mail already in use",
                detail: "Another login, of this store or another, already has this e-mail: one login opens one store.",
                statusCode: StatusCodes.Status409Conflict);
        }

        LogCreated(logger, user.Id, id);
        return TypedResults.Created($"/api/stores/{id}/users/{user.Id}", new StoreUserCreated(user.Id, user.StoreId, user.Email, user.CreatedAt));
    }

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

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, long userId, StoreRepository stores, StoreUserRepository users, ILogger<StoreUserRepository> logger, CancellationToken cancellationToken)
    {
        if (await NoStoreAsync(id, stores, cancellationToken) is { } noStore)
        {
            return noStore;
        }

        if (!await users.DeleteAsync(id, userId, cancellationToken))
        {
            return UserNotFound(id, userId);
        }

        LogDeleted(logger, userId, id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        long id, long userId, StoreUserPasswordRequest request, StoreRepository stores, StoreUserRepository users, IPasswordHasher<StoreUser> hasher,
        ILogger<StoreUserRepository> logger, CancellationToken cancellationToken)
    {
        if (await NoStoreAsync(id, stores, cancellationToken) is { } noStore)
        {
            return noStore;
        }

        if (await users.GetAsync(id, userId, cancellationToken) is not { } user)
        {
            return UserNotFound(id, userId);
        }

        if (StoreUserRules.PasswordProblem(request.Password, user.Email) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [problem] }, title: "The password is not valid");
        }

        if (!await users.SetPasswordAsync(id, userId, hasher.HashPassword(user, request.Password!), cancellationToken))
        {
            return UserNotFound(id, userId);
        }

        LogPasswordReset(logger, userId, id);
        return TypedResults.NoContent();
    }

    // Only the plain settings are read: enough to know the store exists, even when its secrets cannot be opened.
    private static async Task<ProblemHttpResult?> NoStoreAsync(long id, StoreRepository stores, CancellationToken cancellationToken)
        => await stores.GetSettingsAsync(id, cancellationToken) is null ? StoreNotFound(id) : null;

    private static ProblemHttpResult StoreNotFound(long id)
        => TypedResults.Problem(title: "Store not found", detail: $"There is no store {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult UserNotFound(long storeId, long userId)
        => TypedResults.Problem(title: "Store user not found", detail: $"Store {storeId} has no user {userId}.", statusCode: StatusCodes.Status404NotFound);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} created for store {StoreId}")]
    private static partial void LogCreated(ILogger logger, long userId, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId} deleted")]
    private static partial void LogDeleted(ILogger logger, long userId, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId}: password reset by the operator, lockout cleared")]
    private static partial void LogPasswordReset(ILogger logger, long userId, long storeId);
}
