using System.Net;
using System.Net.Sockets;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Toolkit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderConfirm.IntegrationTests.Hosting;

/// What a provider outage costs the log: one warning line per request that failed after its retries, naming the host,
/// the operation and the outcome, with no stack trace, for the first three of a minute; one line for the rest; and
/// nothing at all for a failure a retry carried.
[Collection(SharedInfrastructure.Name)]
public sealed class OutboundFailureLogTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["RoboCall:ReadRetryDelay"] = "00:00:00.050",
        ["Balances:ReadTimeout"] = "00:00:30",
    };

    [Fact]
    public async Task An_unreachable_provider_costs_one_warning_line_per_failed_request_and_no_stack_trace()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(FastRetries) { ["RoboCall:BaseUrl"] = $"http://127.0.0.1:{ClosedPort()}/api/" });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync("Lahore Lawn");
        var before = WarningsAndWorse(app).Count;

        for (var read = 0; read < OutboundFailureGate.PerWindow; read++)
        {
            var balance = await admin.GetAsync($"/api/stores/{storeId}/balance");
            Assert.Equal(HttpStatusCode.OK, balance.StatusCode);
        }

        var warnings = WarningsAndWorse(app).Skip(before).ToList();
        var failed = warnings.Where(l => l.Contains("Outside request failed: GET 127.0.0.1/api/check_balance: HttpRequestException: ConnectionError", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, failed.Count); // one per balance read, whatever its retries
        Assert.Equal(failed, warnings);
        Assert.DoesNotContain(warnings, l => l.Contains("\n   at ", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Debug Polly", StringComparison.Ordinal)); // the retries happened, quietly
    }

    [Fact]
    public async Task Failures_past_three_a_minute_are_counted_into_one_line_said_when_the_provider_answers_again()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath("/api/check_balance").UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(FastRetries) { ["RoboCall:BaseUrl"] = provider.Url + "/api/" });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync("Lahore Lawn");
        var before = WarningsAndWorse(app).Count;

        for (var read = 0; read < 10; read++)
        {
            Assert.Contains("\"read\":false", await admin.GetStringAsync($"/api/stores/{storeId}/balance"), StringComparison.Ordinal);
        }

        var during = WarningsAndWorse(app).Skip(before).ToList();
        provider.Reset();
        provider.Given(Request.Create().WithPath("/api/check_balance").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"status":"200","data":{"balance":"2682.00","call_rate":"5.50"}}"""));
        Assert.Contains("\"read\":true", await admin.GetStringAsync($"/api/stores/{storeId}/balance"), StringComparison.Ordinal);
        var after = WarningsAndWorse(app).Skip(before + during.Count).ToList();

        Assert.Equal(3, during.Count);
        Assert.All(during, l => Assert.Contains("/api/check_balance: HTTP 503 after", l, StringComparison.Ordinal));
        var summary = Assert.Single(after);
        Assert.Contains("Outside requests to robocall failed 7 more times before it answered again", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_a_retry_carried_writes_no_warning()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath("/api/check_balance").UsingGet()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        provider.Given(Request.Create().WithPath("/api/check_balance").UsingGet()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"status":"200","data":{"balance":"2682.00","call_rate":"5.50"}}"""));
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>(FastRetries) { ["RoboCall:BaseUrl"] = provider.Url + "/api/" });
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync("Lahore Lawn");
        var before = WarningsAndWorse(app).Count;

        var balance = await admin.GetStringAsync($"/api/stores/{storeId}/balance");

        Assert.Contains("\"read\":true", balance, StringComparison.Ordinal);
        Assert.Equal(2, provider.LogEntries.Count);
        Assert.Empty(WarningsAndWorse(app).Skip(before));
    }

    // The in-memory test server has no request-body size feature and says so on every request; Kestrel has it.
    private static List<string> WarningsAndWorse(OrderConfirmApp app)
        => [.. app.Logs.Lines.Where(l => (l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
            && !l.Contains("IHttpMaxRequestBodySizeFeature", StringComparison.Ordinal))];

    // A port nobody listens on: bound once by the system, then released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
