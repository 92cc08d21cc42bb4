using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Security;

[Collection(SharedInfrastructure.Name)]
public sealed class AccessTests(PostgresCluster postgres, RoboCallStub roboCall) : IAsyncLifetime
{
    private OrderConfirmApp _app = null!;

    public async Task InitializeAsync() => _app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/stores")]
    [InlineData("POST", "/api/stores")]
    [InlineData("GET", "/api/verifications")]
    [InlineData("POST", "/api/verifications")]
    [InlineData("GET", "/api/verifications/1")]
    [InlineData("DELETE", "/api/stores/1")]
    public async Task Admin_api_without_the_key_is_401_problem(string method, string path)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer wrong-key-0123456789")]
    [InlineData("Bearer ")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("test-admin-key-0123456789")]
    public async Task Admin_api_with_a_wrong_key_is_401(string authorization)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/stores")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_dashboard_gets_the_login_challenge()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("merchant", "wrong")]
    [InlineData("someone", "dashboard-pass-123")]
    [InlineData("", "")]
    public async Task Dashboard_with_wrong_credentials_is_401(string user, string password)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_login_opens_the_dashboard()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword);

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OrderConfirm jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_credentials()
    {
        using var client = _app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", System.Text.Json.Nodes.JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    internal static AuthenticationHeaderValue Basic(string user, string password)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
