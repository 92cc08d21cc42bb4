using System.Text.Json;
using OrderConfirm.IntegrationTests.ApiDocs;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.StoreUsers;

[Collection(SharedInfrastructure.Name)]
public sealed class StoreUsersApiDocsTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task The_login_endpoints_are_described_as_admin_only_with_example_bodies()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, ApiDocsHosts.Enabled);
        using var document = await ApiDocsHosts.ReadDocumentAsync(app);
        var paths = document.RootElement.GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/api/stores/{id}/users", "post"), ("/api/stores/{id}/users", "get"), ("/api/stores/{id}/users/{userId}", "get"),
            ("/api/stores/{id}/users/{userId}", "delete"), ("/api/stores/{id}/users/{userId}/password", "put"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["adminKey"], schemes);
            Assert.True(operation.GetProperty("responses").TryGetProperty("404", out _), $"{method} {path} has no 404");
        }

        var owner = Example(paths.GetProperty("/api/stores/{id}/users").GetProperty("post"), "owner");
        Assert.Equal("owner@lahore-lawn.pk", owner.GetProperty("email").GetString());
        Assert.True(Example(paths.GetProperty("/api/stores/{id}/users/{userId}/password").GetProperty("put"), "reset").TryGetProperty("password", out _));
        var created = paths.GetProperty("/api/stores/{id}/users").GetProperty("post").GetProperty("responses").GetProperty("201").GetRawText();
        Assert.DoesNotContain("passwordHash", created, StringComparison.OrdinalIgnoreCase);
    }

    private static JsonElement Example(JsonElement operation, string name)
        => operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty(name).GetProperty("value");
}
