namespace OrderConfirm.StoreUsers;

/// Whether a merchant-pages session opened by an accepted sign-in still stands: the login must still exist, still
/// belong to the same store, and have had no password reset since the session was opened. The pages ask it on each
/// request (or often enough), so an operator who deletes a login or resets its password ends its sessions.
public interface IStoreUserSessions
{
    /// signedInAt: when the session was opened. It is compared to the second, because cookie tickets keep their issue
    /// time to the second; a reset in the same second as the sign-in leaves that session standing.
    Task<bool> IsCurrentAsync(long userId, long storeId, DateTimeOffset signedInAt, CancellationToken cancellationToken);
}

public sealed class StoreUserSessions(StoreUserRepository users) : IStoreUserSessions
{
    public async Task<bool> IsCurrentAsync(long userId, long storeId, DateTimeOffset signedInAt, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(storeId, userId, cancellationToken);
        return user is not null && user.PasswordChangedAt.ToUnixTimeSeconds() <= signedInAt.ToUnixTimeSeconds();
    }
}
