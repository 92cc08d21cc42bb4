using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OrderConfirm.StoreUsers;

/// The merchant pages' sign-in check (ADR 0015). An unknown e-mail costs the same password verification as a known
/// one (against a dummy hash) and gets the same Refused; a locked account has no password checked until its lock ends.
/// Log lines name the user and store ids only, never the e-mail or the password.
public sealed partial class StoreUserSignIn(
    StoreUserRepository users,
    IPasswordHasher<StoreUser> hasher,
    IOptionsMonitor<StoreUserOptions> options,
    TimeProvider clock,
    ILogger<StoreUserSignIn> logger) : IStoreUserSignIn
{
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(null!, Guid.NewGuid().ToString("N")));

    public async Task<StoreUserSignInResult> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = StoreUserRules.Normalize(email);
        var user = normalized.Length is > 0 and <= StoreUserRules.MaxEmailLength
            ? await users.FindByEmailAsync(normalized, cancellationToken)
            : null;
        if (user is null)
        {
            // The same work as a wrong password for a real user, so the answer's timing does not tell who exists.
            hasher.VerifyHashedPassword(null!, _dummyHash.Value, password ?? "");
            LogUnknown(logger);
            return new StoreUserSignInResult.Refused();
        }

        var now = clock.GetUtcNow();
        if (user.LockedUntil is { } until && until > now)
        {
            LogLocked(logger, user.Id, user.StoreId, until);
            return new StoreUserSignInResult.LockedOut(until);
        }

        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        return verified == PasswordVerificationResult.Failed
            ? await FailedAsync(user, now, cancellationToken)
            : await SucceededAsync(user, verified, password!, now, cancellationToken);
    }

    private async Task<StoreUserSignInResult> FailedAsync(StoreUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var count = await users.RecordFailureAsync(user.Id, settings.MaxFailedAttempts, now, now + settings.LockoutFor, cancellationToken);
        if (count is null)
        {
            // Another attempt (perhaps on another instance) locked the account after it was read, or it was deleted.
            return await CurrentLockAsync(user, now, cancellationToken);
        }

        if (count.LockedUntil is { } until)
        {
            LogLockedNow(logger, user.Id, user.StoreId, settings.MaxFailedAttempts, until);
            return new StoreUserSignInResult.LockedOut(until);
        }

        LogWrongPassword(logger, user.Id, user.StoreId, count.FailedAttempts, settings.MaxFailedAttempts);
        return new StoreUserSignInResult.Refused();
    }

    private async Task<StoreUserSignInResult> SucceededAsync(
        StoreUser user, PasswordVerificationResult verified, string password, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await users.RecordSuccessAsync(user.Id, now, cancellationToken))
        {
            return await CurrentLockAsync(user, now, cancellationToken);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded
            && await users.ReplaceHashAsync(user.Id, user.PasswordHash, hasher.HashPassword(user, password), cancellationToken))
        {
            LogRehashed(logger, user.Id, user.StoreId);
        }

        LogSignedIn(logger, user.Id, user.StoreId);
        return new StoreUserSignInResult.Accepted(user.Id, user.StoreId, user.Email);
    }

    private async Task<StoreUserSignInResult> CurrentLockAsync(StoreUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await users.FindByEmailAsync(user.Email, cancellationToken);
        if (current?.Id == user.Id && current.LockedUntil is { } until && until > now)
        {
            LogLocked(logger, user.Id, user.StoreId, until);
            return new StoreUserSignInResult.LockedOut(until);
        }

        return new StoreUserSignInResult.Refused();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store sign-in refused: no such login")]
    private static partial void LogUnknown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId}: sign-in refused, wrong password ({Failures} of {Max} before the lockout)")]
    private static partial void LogWrongPassword(ILogger logger, long userId, long storeId, int failures, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store user {UserId} of store {StoreId}: locked until {Until} after {Max} wrong passwords in a row")]
    private static partial void LogLockedNow(ILogger logger, long userId, long storeId, int max, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId}: sign-in refused, locked until {Until}")]
    private static partial void LogLocked(ILogger logger, long userId, long storeId, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId}: password hash upgraded to the current format")]
    private static partial void LogRehashed(ILogger logger, long userId, long storeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store user {UserId} of store {StoreId} signed in")]
    private static partial void LogSignedIn(ILogger logger, long userId, long storeId);
}
