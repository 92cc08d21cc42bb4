using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Custom;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;
using OrderConfirm.StoreUsers;

namespace OrderConfirm.IntegrationTests.StoreUsers;

[Collection(SharedInfrastructure.Name)]
public sealed class StoreUsersApiTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        _admin = _app.AdminClient();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_owner_login_is_created_listed_reset_and_deleted_by_the_operator()
    {
        var store = await _admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (_, newPassword) = StoreOwnerLogins.NewLogin();

        var created = await _admin.PostAsJsonAsync($"/api/stores/{store}/users", new { email = $"  {email.ToUpperInvariant()} ", password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!.AsObject();
        var id = body["id"]!.GetValue<long>();
        Assert.Equal($"/api/stores/{store}/users/{id}", created.Headers.Location!.ToString());
        Assert.Equal(["createdAt", "email", "id", "storeId"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(email, body["email"]!.GetValue<string>());
        Assert.Equal(store, body["storeId"]!.GetValue<long>());
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);

        var signedIn = await _app.SignInAsync(email, password);
        Assert.Equal(new StoreUserSignInResult.Accepted(id, store, email), signedIn);
        var listed = Assert.Single((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{store}/users"))!["items"]!.AsArray())!;
        Assert.Equal(id, listed["id"]!.GetValue<long>());
        Assert.NotNull(listed["lastSignInAt"]);
        Assert.Null(listed["lockedUntil"]);
        Assert.Null(listed["passwordHash"]);

        var reset = await _admin.PutAsJsonAsync($"/api/stores/{store}/users/{id}/password", new { password = newPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.IsType<StoreUserSignInResult.Refused>(await _app.SignInAsync(email, password));
        Assert.IsType<StoreUserSignInResult.Accepted>(await _app.SignInAsync(email, newPassword));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/stores/{store}/users/{id}")).StatusCode);
        Assert.Empty((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{store}/users"))!["items"]!.AsArray());
        Assert.IsType<StoreUserSignInResult.Refused>(await _app.SignInAsync(email, newPassword));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"/api/stores/{store}/users/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_email_that_is_already_a_login_of_any_store_is_a_409()
    {
        var first = await _admin.CreateCustomStoreAsync("First");
        var second = await _admin.CreateCustomStoreAsync("Second");
        var (email, password) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(first, email, password);

        var sameStore = await _admin.PostAsJsonAsync($"/api/stores/{first}/users", new { email, password });
        var otherStore = await _admin.PostAsJsonAsync($"/api/stores/{second}/users", new { email = email.ToUpperInvariant(), password });

        foreach (var response in new[] { sameStore, otherStore })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("one login opens one store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{second}/users"))!["items"]!.AsArray());
    }

    [Theory]
    [InlineData("not-an-email", "green-tea-at-noon-42", "email")]
    [InlineData("Owner <owner@lahore-lawn.pk>", "green-tea-at-noon-42", "email")]
    [InlineData(null, "green-tea-at-noon-42", "email")]
    [InlineData("shortpass@lahore-lawn.pk", "short-42", "password")]
    [InlineData("nopass@lahore-lawn.pk", null, "password")]
    [InlineData("ayesha@lahore-lawn.pk", "i-am-AYESHA-the-owner", "password")]
    public async Task A_bad_login_is_a_400_naming_the_field(string? email, string? password, string field)
    {
        var store = await _admin.CreateCustomStoreAsync();

        var response = await _admin.PostAsJsonAsync($"/api/stores/{store}/users", new { email, password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal([field], problem["errors"]!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain(password ?? "<none>", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{store}/users"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_reset_to_a_bad_password_is_a_400_naming_the_field_and_keeps_the_old_one()
    {
        var store = await _admin.CreateCustomStoreAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var id = await _admin.CreateLoginAsync(store, email, password);

        var response = await _admin.PutAsJsonAsync($"/api/stores/{store}/users/{id}/password", new { password = "too-short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["password"], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(p => p.Key));
        Assert.IsType<StoreUserSignInResult.Accepted>(await _app.SignInAsync(email, password));
    }

    [Fact]
    public async Task A_store_key_cannot_manage_logins_even_of_its_own_store()
    {
        var (own, key, _) = await _admin.CreateWithKeyAsync();
        var (email, password) = StoreOwnerLogins.NewLogin();
        var id = await _admin.CreateLoginAsync(own, email, password);
        using var shop = _app.StoreClient(key);

        foreach (var (method, path) in new[]
        {
            ("POST", $"/api/stores/{own}/users"), ("GET", $"/api/stores/{own}/users"), ("GET", $"/api/stores/{own}/users/{id}"),
            ("DELETE", $"/api/stores/{own}/users/{id}"), ("PUT", $"/api/stores/{own}/users/{id}/password"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { email = "x@lahore-lawn.pk", password = "store-key-chose-this" }) };
            var response = await shop.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
        }

        Assert.IsType<StoreUserSignInResult.Accepted>(await _app.SignInAsync(email, password));
        Assert.Single((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{own}/users"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_stores_login_is_not_found_through_this_store()
    {
        var storeA = await _admin.CreateCustomStoreAsync("A");
        var storeB = await _admin.CreateCustomStoreAsync("B");
        var (email, password) = StoreOwnerLogins.NewLogin();
        var ofA = await _admin.CreateLoginAsync(storeA, email, password);

        var get = await _admin.GetAsync($"/api/stores/{storeB}/users/{ofA}");
        var delete = await _admin.DeleteAsync($"/api/stores/{storeB}/users/{ofA}");
        var reset = await _admin.PutAsJsonAsync($"/api/stores/{storeB}/users/{ofA}/password", new { password = "taken-over-by-b-123" });

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { get.StatusCode, delete.StatusCode, reset.StatusCode });
        Assert.Contains("Store user not found", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new StoreUserSignInResult.Accepted(ofA, storeA, email), await _app.SignInAsync(email, password));
        Assert.Empty((await _admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeB}/users"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_store_that_does_not_exist_is_a_404()
    {
        const long none = 987654;

        var create = await _admin.PostAsJsonAsync($"/api/stores/{none}/users", new { email = "ghost@lahore-lawn.pk", password = "green-tea-at-noon-42" });
        var list = await _admin.GetAsync($"/api/stores/{none}/users");
        var delete = await _admin.DeleteAsync($"/api/stores/{none}/users/1");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { create.StatusCode, list.StatusCode, delete.StatusCode });
        Assert.Contains("Store not found", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_store_deletes_its_logins()
    {
        var store = await _admin.CreateCustomStoreAsync();
        var other = await _admin.CreateCustomStoreAsync("Other");
        var (email, password) = StoreOwnerLogins.NewLogin();
        var (email2, password2) = StoreOwnerLogins.NewLogin();
        await _admin.CreateLoginAsync(store, email, password);
        await _admin.CreateLoginAsync(store, email2, password2);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/stores/{store}")).StatusCode);

        Assert.IsType<StoreUserSignInResult.Refused>(await _app.SignInAsync(email, password));
        Assert.IsType<StoreUserSignInResult.Refused>(await _app.SignInAsync(email2, password2));
        // The e-mail is free again: the rows are gone, not only hidden.
        await _admin.CreateLoginAsync(other, email, password);
        Assert.Equal(1, await CountLoginsAsync());
    }

    [Fact]
    public async Task A_login_for_a_store_deleted_meanwhile_is_refused_by_postgresql_as_store_gone()
    {
        var users = _app.Services.GetRequiredService<StoreUserRepository>();

        var inserted = await users.InsertAsync(987654, "late@lahore-lawn.pk", "not-a-real-hash", CancellationToken.None);

        Assert.Equal(new StoreUserInsert(null, EmailTaken: false, StoreGone: true), inserted);
    }

    private async Task<long> CountLoginsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_app.Services.GetRequiredService<Database>().PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from store_users", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
