using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// The sweeper hands a dial that never recorded its answer to a person, and never redials it. (Calls and write-backs
/// whose wake was lost are the step runners' recurring runs' business: StepRunnerTests.)
[Collection(SharedInfrastructure.Name)]
public sealed class SweeperTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    // On a web-only host no Hangfire server runs: jobs stay where they are and the test runs the sweeper itself.
    private static readonly Dictionary<string, string?> WebOnly = new() { ["Roles"] = "web", ["Jobs:SweeperGrace"] = "00:00:00" };

    [Fact]
    public async Task Dial_without_a_call_id_past_the_limit_needs_attention_and_a_recent_one_is_left_alone()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        var old = await client.SubmitOrderAsync(storeId, $"stuck-{Guid.NewGuid():N}", typed);
        var recent = await client.SubmitOrderAsync(storeId, $"dialing-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var now = DateTimeOffset.UtcNow;
        // DialTimeout is 5 s in the tests: 5 s + the 2 min margin makes a dial stuck; 100 s is inside (the old 1 min margin was not).
        await ExecuteAsync(app, "update verifications set step = 'dialing', status = 'calling', due_at = null, dial_started_at = @at where id = @id", new { id = old, at = (now - TimeSpan.FromMinutes(3)).ToMs() });
        await ExecuteAsync(app, "update verifications set step = 'dialing', status = 'calling', due_at = null, dial_started_at = @at where id = @id", new { id = recent, at = (now - TimeSpan.FromSeconds(100)).ToMs() });

        await RunSweeperAsync(app);
        await RunSweeperAsync(app);

        var stuck = await client.GetVerificationAsync(old);
        Assert.Equal("needs-attention", stuck["status"]!.GetValue<string>());
        Assert.StartsWith("Dial outcome unknown", stuck["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("calling", (await client.GetVerificationAsync(recent))["status"]!.GetValue<string>());
        Assert.Equal(0, roboCall.DialCount(phone)); // never redialled: the customer may have been called
    }

    private static async Task RunSweeperAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SweeperJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    private static async Task ExecuteAsync(OrderConfirmApp app, string sql, object parameters)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters));
    }
}
