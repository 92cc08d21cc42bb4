using Microsoft.AspNetCore.Identity;

namespace OrderConfirm.StoreUsers;

public static class StoreUsersSetup
{
    public static IHostApplicationBuilder AddStoreUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreUserOptions>()
            .BindConfiguration(StoreUserOptions.Section)
            .Validate(o => o.MaxFailedAttempts is >= 1 and <= 100, "StoreUsers:MaxFailedAttempts must be 1 to 100.")
            .Validate(o => o.LockoutFor > TimeSpan.Zero && o.LockoutFor <= TimeSpan.FromDays(1), "StoreUsers:LockoutFor must be positive and at most one day.")
            .ValidateOnStart();

        // ASP.NET Core Identity's hasher on its defaults: the V3 format (PBKDF2 with HMAC-SHA512, a random salt).
        builder.Services.AddSingleton<IPasswordHasher<StoreUser>, PasswordHasher<StoreUser>>();
        builder.Services.AddSingleton<StoreUserRepository>();
        builder.Services.AddSingleton<StoreLogins>();
        builder.Services.AddSingleton<IStoreUserSignIn, StoreUserSignIn>();
        builder.Services.AddSingleton<IStoreUserSessions, StoreUserSessions>();
        return builder;
    }
}
