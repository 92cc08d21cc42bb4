using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.StoreUsers;

namespace OrderConfirm.IntegrationTests.StoreUsers;

/// Store owner logins as the operator makes them, and the sign-in the merchant pages ask. Every e-mail and password a
/// test uses is registered with the leak scan, so a host that logs one fails when it is disposed.
public static class StoreOwnerLogins
{
    private static int _logins;

    /// A fresh e-mail and password (unique in the test run; the e-mail is unique across stores).
    public static (string Email, string Password) NewLogin()
    {
        var n = Interlocked.Increment(ref _logins);
        var login = ($"owner{n}-{Guid.NewGuid():N}"[..20] + "@lahore-lawn.pk", $"green-tea-{Guid.NewGuid():N}"[..24]);
        LeakScan.Secret(login.Item1);
        LeakScan.Secret(login.Item2);
        return login;
    }

    public static async Task<long> CreateLoginAsync(this HttpClient admin, long storeId, string email, string password)
    {
        var response = await admin.PostAsJsonAsync($"/api/stores/{storeId}/users", new { email, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    public static Task<StoreUserSignInResult> SignInAsync(this OrderConfirmApp app, string email, string password)
        => app.Services.GetRequiredService<IStoreUserSignIn>().SignInAsync(email, password, CancellationToken.None);
}
