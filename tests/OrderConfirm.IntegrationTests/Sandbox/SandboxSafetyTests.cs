using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Sandbox;

/// The sandbox cannot be switched on by accident where it would do harm: in Production it needs a second, explicit
/// switch, and it never shares a real database.
[Collection(SharedInfrastructure.Name)]
public sealed class SandboxSafetyTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public void In_Production_the_sandbox_refuses_to_start_without_its_second_switch()
    {
        var error = StartFailure(() => SandboxHosts.Start(roboCall, new() { ["environment"] = "Production" }));

        Assert.Contains("Sandbox:Enabled is on in Production", error, StringComparison.Ordinal);
        Assert.Contains("Sandbox:AllowInProduction=true", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Production_the_second_switch_lets_it_start_and_it_says_so_on_every_response()
    {
        await using var app = SandboxHosts.Start(roboCall, new() { ["environment"] = "Production", ["Sandbox:AllowInProduction"] = "true" });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/sandbox");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("X-OrderConfirm-Sandbox")));
    }

    [Fact]
    public async Task Every_console_log_line_says_sandbox_while_it_is_on_and_only_then()
    {
        await using var sandbox = SandboxHosts.Start(roboCall);
        await using var normal = OrderConfirmApp.Start(null, roboCall);

        Assert.Equal(OrderConfirm.Sandbox.SandboxLogFormatter.Name, Formatter(sandbox));
        Assert.NotEqual(OrderConfirm.Sandbox.SandboxLogFormatter.Name, Formatter(normal));
    }

    [Fact]
    public async Task The_sandbox_refuses_a_PostgreSQL_database()
    {
        var database = await postgres.CreateDatabaseAsync();

        var error = StartFailure(() => OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" }, kestrel: true));

        Assert.Contains("ConnectionStrings:OrderConfirm", error, StringComparison.Ordinal);
        Assert.Contains("data/sandbox.db", error, StringComparison.Ordinal);
    }

    private static string StartFailure(Func<OrderConfirmApp> start)
    {
        // The test host sometimes reports its own disposal instead of the start-up error that caused it (StartupTests).
        for (var tries = 1; ; tries++)
        {
            var error = Record.Exception(() =>
            {
                using var app = start();
            });
            Assert.NotNull(error);
            if (error is not ObjectDisposedException || tries == 3)
            {
                return Flatten(error);
            }
        }
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(Flatten)),
        _ => error.Message + (error.InnerException is { } inner ? "\n" + Flatten(inner) : ""),
    };

    private static string? Formatter(OrderConfirmApp app)
        => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().Value.FormatterName;
}
