namespace OrderConfirm.StoreUsers;

public sealed record StoreUserRequest(string? Email, string? Password);

public sealed record StoreUserPasswordRequest(string? Password);

/// The answer to creating a login: never the password or its hash.
public sealed record StoreUserCreated(long Id, long StoreId, string Email, DateTimeOffset CreatedAt);

/// A login as the operator sees it. LockedUntil is set only while the account is locked.
public sealed record StoreUserView(long Id, string Email, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, DateTimeOffset? LockedUntil)
{
    public static StoreUserView Of(StoreUser user, DateTimeOffset now)
        => new(user.Id, user.Email, user.CreatedAt, user.LastSignInAt, user.LockedUntil > now ? user.LockedUntil : null);
}

public sealed record StoreUserList(IReadOnlyList<StoreUserView> Items);
