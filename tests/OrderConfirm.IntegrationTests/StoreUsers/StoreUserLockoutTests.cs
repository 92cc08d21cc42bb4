using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.StoreUsers;

namespace OrderConfirm.IntegrationTests.StoreUsers;

/// The lockout across instances, and what the logs may say about a login.
[Collection(SharedInfrastructure.Name)]
public sealed class StoreUserLockoutTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly Dictionary<string, string?> FourTries = new() { ["StoreUsers:MaxFailedAttempts"] = "4" };

    [Fact]
    public async Task Two_instances_on_one_database_share_the_count_of_failures_and_the_lock()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var first = OrderConfirmApp.Start(database, roboCall, FourTries);
        await using var second = OrderConfirmApp.Start(database, roboCall, FourTries);
        using var admin = first.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (_, wrong) = StoreOwnerLogins.NewLogin();
        var (_, reset) = StoreOwnerLogins.NewLogin();
        var id = await admin.CreateLoginAsync(store, email, password);

        // Three failures spread over both instances: each alone has seen fewer than four.
        Assert.IsType<StoreUserSignInResult.Refused>(await first.SignInAsync(email, wrong));
        Assert.IsType<StoreUserSignInResult.Refused>(await second.SignInAsync(email, wrong));
        Assert.IsType<StoreUserSignInResult.Refused>(await first.SignInAsync(email, wrong));
        var fourth = await second.SignInAsync(email, wrong);
        var rightOnTheOther = await first.SignInAsync(email, password);

        var locked = Assert.IsType<StoreUserSignInResult.LockedOut>(fourth);
        Assert.InRange(locked.Until, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        Assert.Equal(locked, rightOnTheOther);
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{store}/users"))!["items"]!.AsArray())!;
        Assert.Equal(locked.Until, listed["lockedUntil"]!.GetValue<DateTimeOffset>());

        // The operator's reset, through the other instance, lifts the lock for both.
        using var secondAdmin = second.AdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await secondAdmin.PutAsJsonAsync($"/api/stores/{store}/users/{id}/password", new { password = reset })).StatusCode);
        Assert.IsType<StoreUserSignInResult.Accepted>(await first.SignInAsync(email, reset));
    }

    [Fact]
    public async Task Failures_on_two_instances_at_once_are_all_counted()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var first = OrderConfirmApp.Start(database, roboCall, FourTries);
        await using var second = OrderConfirmApp.Start(database, roboCall, FourTries);
        using var admin = first.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (_, wrong) = StoreOwnerLogins.NewLogin();
        await admin.CreateLoginAsync(store, email, password);

        var results = await Task.WhenAll(
            first.SignInAsync(email, wrong), second.SignInAsync(email, wrong), first.SignInAsync(email, wrong), second.SignInAsync(email, wrong));

        Assert.Equal(3, results.Count(r => r is StoreUserSignInResult.Refused));
        Assert.Single(results, r => r is StoreUserSignInResult.LockedOut);
        Assert.IsType<StoreUserSignInResult.LockedOut>(await second.SignInAsync(email, password));
    }

    [Fact]
    public async Task No_log_line_carries_a_password_or_an_email_but_the_ids_are_logged()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, FourTries);
        using var admin = app.AdminClient();
        var store = await admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (_, wrong) = StoreOwnerLogins.NewLogin();
        var (_, reset) = StoreOwnerLogins.NewLogin();
        var id = await admin.CreateLoginAsync(store, email, password);
        await admin.PostAsJsonAsync($"/api/stores/{store}/users", new { email, password = email + "-x" });
        await app.SignInAsync(email, password);
        for (var i = 0; i < 5; i++)
        {
            await app.SignInAsync(email, wrong);
        }

        await app.SignInAsync("nobody-" + email, password);
        await admin.PutAsJsonAsync($"/api/stores/{store}/users/{id}/password", new { password = reset });
        await admin.PutAsJsonAsync($"/api/stores/{store}/users/{id}/password", new { password = "short" });
        await admin.DeleteAsync($"/api/stores/{store}/users/{id}");

        var lines = app.Logs.Lines.ToList();
        foreach (var secret in new[] { email, password, wrong, reset })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(lines, l => l.Contains($"Store user {id} of store {store} signed in", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Store user {id} of store {store}: locked until", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Store sign-in refused: no such login", StringComparison.Ordinal));
    }
}
