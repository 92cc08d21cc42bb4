using Microsoft.AspNetCore.Identity;
using OrderConfirm.Stores;

namespace OrderConfirm.StoreUsers;

/// Creating, deleting and re-passwording a store owner's login: one rule for the admin API (POST /api/stores/{id}/users
/// and its siblings) and the operator's connect page. A login is always reached through its store.
public sealed partial class StoreLogins(StoreRepository stores, StoreUserRepository users, IPasswordHasher<StoreUser> hasher, ILogger<StoreUserRepository> logger)
{
    public async Task<StoreLoginResult> CreateAsync(long storeId, string? email, string? password, CancellationToken cancellationToken)
    {
        if (!await StoreExistsAsync(storeId, cancellationToken))
        {
            return new StoreLoginResult.StoreNotFound();
        }

        var normalized = StoreUserRules.Normalize(email);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (StoreUserRules.EmailProblem(normalized) is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }

        if (StoreUserRules.PasswordProblem(password, normalized) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        if (errors.Count > 0)
        {
            return new StoreLoginResult.Invalid("The login is not valid", errors);
        }

        var inserted = await users.InsertAsync(storeId, normalized, hasher.HashPassword(null!, password!), cancellationToken);
        if (inserted.StoreGone)
        {
            return new StoreLoginResult.StoreNotFound();
        }

        if (inserted.User is not { } user)
        {
            return new StoreLoginResult.EmailTaken();
        }

        LogCreated(logger, user.Id, storeId);
        return new StoreLoginResult.Done(user);
    }

    public async Task<StoreLoginResult> DeleteAsync(long storeId, long userId, CancellationToken cancellationToken)
    {
        if (!await StoreExistsAsync(storeId, cancellationToken))
        {
            return new StoreLoginResult.StoreNotFound();
        }

        if (await users.GetAsync(storeId, userId, cancellationToken) is not { } user || !await users.DeleteAsync(storeId, userId, cancellationToken))
        {
            return new StoreLoginResult.UserNotFound();
        }

        LogDeleted(logger, userId, storeId);
        return new StoreLoginResult.Done(user);
    }

    /// A new password; it also clears the lockout and ends the login's open sessions (IStoreUserSessions).
    public async Task<StoreLoginResult> ResetPasswordAsync(long storeId, long userId, string? password, CancellationToken cancellationToken)
    {
        if (!await StoreExistsAsync(storeId, cancellationToken))
        {
            return new StoreLoginResult.StoreNotFound();
        }

        if (await users.GetAsync(storeId, userId, cancellationToken) is not { } user)
        {
            return new StoreLoginResult.UserNotFound();
        }

        if (StoreUserRules.PasswordProblem(password, user.Email) is { } problem)
        {
            return new StoreLoginResult.Invalid("The password is not valid", new Dictionary<string, string[]>(StringComparer.Ordinal) { ["password"] = [problem] });
        }

        if (!await users.SetPasswordAsync(storeId, userId, hasher.HashPassword(user, password!), cancellationToken))
        {
            return new StoreLoginResult.UserNotFound();
        }

        LogPasswordReset(logger, userId, storeId);
        return new StoreLoginResult.Done(user);
    }

    // Only the plain settings are read: enough to know the store exists, even when its secrets cannot be opened.
    private async Task<bool> StoreExistsAsync(long storeId, CancellationToken cancellationToken) => await stores.GetSettingsAsync(storeId, cancellationToken) is not null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} created for store {StoreId}")]
    private static partial void LogCreated(ILogger logger, long userId, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId} deleted")]
    private static partial void LogDeleted(ILogger logger, long userId, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId}: password reset by the operator, lockout cleared")]
    private static partial void LogPasswordReset(ILogger logger, long userId, long storeId);
}

/// What a change to a login came to. Invalid names the fields (email, password); the e-mail is already some store's
/// login (one login opens one store); no such store; no such login of that store.
public abstract record StoreLoginResult
{
    private StoreLoginResult()
    {
    }

    public sealed record Done(StoreUser User) : StoreLoginResult;

    public sealed record Invalid(string Title, IDictionary<string, string[]> Errors) : StoreLoginResult;

    public sealed record EmailTaken : StoreLoginResult;

    public sealed record StoreNotFound : StoreLoginResult;

    public sealed record UserNotFound : StoreLoginResult;
}
