namespace OrderConfirm.StoreUsers;

public sealed class StoreUserOptions
{
    public const string Section = "StoreUsers";

    // Consecutive wrong passwords after which the account is locked; a successful sign-in starts the count again.
    public int MaxFailedAttempts { get; set; } = 5;

    // How long a locked account refuses to have its password checked at all.
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);
}
