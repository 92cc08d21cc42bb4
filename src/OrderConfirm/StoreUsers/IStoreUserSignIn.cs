namespace OrderConfirm.StoreUsers;

/// Checks a store owner's e-mail and password for the merchant pages' login. The pages know nothing of how users are
/// stored, hashed or locked out; they turn an accepted sign-in into a session limited to that one store.
public interface IStoreUserSignIn
{
    Task<StoreUserSignInResult> SignInAsync(string email, string password, CancellationToken cancellationToken);
}

/// What a sign-in attempt came to. Refused never says whether the e-mail exists.
public abstract record StoreUserSignInResult
{
    private StoreUserSignInResult()
    {
    }

    /// The user may open a session for StoreId and nothing else.
    public sealed record Accepted(long UserId, long StoreId, string Email) : StoreUserSignInResult;

    /// Wrong e-mail or password, or a user that no longer exists.
    public sealed record Refused : StoreUserSignInResult;

    /// Too many failures for this account: no password is checked until Until.
    public sealed record LockedOut(DateTimeOffset Until) : StoreUserSignInResult;
}
