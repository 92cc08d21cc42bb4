using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Webhooks;

/// How the processor holds and gives back its claims: a batch that stops half-way, a database that goes away under
/// it, a handler slower than the stale-claim limit.
[Collection(SharedInfrastructure.Name)]
public sealed class WebhookClaimTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task A_batch_stopped_half_way_gives_back_its_unfinished_deliveries_without_counting_an_attempt()
    {
        var handler = new ScriptedWebhookHandler();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Behaviour = async (_, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        };
        // Web role only: no processor of the host's own, the test runs one batch by hand.
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Roles"] = "web" }, s => s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler));
        using var admin = app.AdminClient();
        await ScriptedWebhookHandler.StoreAsync(app, await admin.CreateCustomStoreAsync(), """{"n":1}""", """{"n":2}""", """{"n":3}""");
        var processor = ActivatorUtilities.CreateInstance<WebhookProcessor>(app.Services);
        using var stopping = new CancellationTokenSource();

        var batch = processor.ProcessBatchAsync(stopping.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);

        var rows = await app.InboxRowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("new", 0, 1L), (r.Status, r.Attempts, r.BodyKept)));
        Assert.Single(handler.Calls);
    }

    [Fact]
    public async Task A_batch_cut_off_by_the_database_is_finished_as_soon_as_the_database_is_back()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var handler = new ScriptedWebhookHandler();
        OrderConfirmApp? host = null;
        handler.Behaviour = async (body, cancellationToken) =>
        {
            if (body == """{"n":2}""" && handler.CallsFor(body) == 1)
            {
                // The database goes away for a moment while this delivery is being applied: its own query fails, and
                // so does everything the processor tries to write until the database is back.
                await SetConnectionsAllowedAsync(connectionString, allowed: false);
                _ = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                    await SetConnectionsAllowedAsync(connectionString, allowed: true);
                }, CancellationToken.None);
                await using var connection = await host!.Services.GetRequiredService<Database>().OpenAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition("select 1", cancellationToken: cancellationToken));
            }

            return "applied";
        };
        await using var app = OrderConfirmApp.Start(connectionString, roboCall, services: s => s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler));
        host = app;
        using var admin = app.AdminClient();

        await ScriptedWebhookHandler.StoreAsync(app, await admin.CreateCustomStoreAsync(), """{"n":1}""", """{"n":2}""", """{"n":3}""", """{"n":4}""");

        // Today's stale-claim limit would hold the rest of the batch for minutes; it must go on within seconds.
        var rows = await app.WaitForInboxAsync(r => r.Count == 4 && r.All(d => d.Status == "done"), TimeSpan.FromSeconds(20));
        Assert.All(rows, r => Assert.Equal(("applied", 0, 0L), (r.Result, r.Attempts, r.BodyKept)));
        Assert.Equal(1, handler.CallsFor("""{"n":1}"""));
        Assert.Equal(1, handler.CallsFor("""{"n":4}"""));
    }

    [Fact]
    public async Task A_failure_caused_by_an_unreachable_database_costs_no_attempt_and_no_delay()
    {
        var handler = new ScriptedWebhookHandler();
        handler.Behaviour = (body, _) => handler.CallsFor(body) == 1
            ? throw new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer"))
            : Task.FromResult("applied");
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: s => s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler));
        using var admin = app.AdminClient();

        await ScriptedWebhookHandler.StoreAsync(app, await admin.CreateCustomStoreAsync(), """{"n":1}""");

        // Counted, it would wait Webhooks:RetryDelay (30 s by default) and move towards failed.
        var row = Assert.Single(await app.WaitForInboxAsync(r => r.Single().Status == "done", TimeSpan.FromSeconds(10)));
        Assert.Equal(("applied", 0), (row.Result, row.Attempts));
        Assert.Equal(2, handler.Calls.Count);
    }

    // A delivery that kills the processor applying it (a crash, an out-of-memory kill) is found again through its stale
    // claim; each take-over counts, so it ends failed instead of killing processor after processor for ever.
    [Fact]
    public async Task A_delivery_whose_processors_keep_dying_is_given_up_without_another_run()
    {
        var handler = new ScriptedWebhookHandler();
        handler.Behaviour = (_, _) => Task.FromResult("applied");
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?> { ["Roles"] = "web", ["Webhooks:MaxAttempts"] = "3", ["Webhooks:ClaimTimeout"] = "00:00:01" },
            s => s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler));
        using var admin = app.AdminClient();
        await ScriptedWebhookHandler.StoreAsync(app, await admin.CreateCustomStoreAsync(), """{"n":"poison"}""", """{"n":"survivor"}""");
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
        {
            // Both were held by processors that died; the poison one has done that twice before.
            await connection.ExecuteAsync(new CommandDefinition(
                "update webhook_deliveries set status = 'processing', claimed_by = 'dead-processor', claimed_at = 0, attempts = case when body is not null and id = (select min(id) from webhook_deliveries) then 2 else 0 end"));
        }

        var processor = ActivatorUtilities.CreateInstance<WebhookProcessor>(app.Services);
        await processor.ProcessBatchAsync(CancellationToken.None);

        var rows = await app.InboxRowsAsync();
        Assert.Equal(("failed", 4, 1L), (rows[0].Status, rows[0].Attempts, rows[0].BodyKept)); // kept for a replay
        Assert.Contains("processor stopped", rows[0].Result, StringComparison.Ordinal);
        Assert.Equal(("done", 1), (rows[1].Status, rows[1].Attempts)); // taken over once, then applied
        Assert.Equal(["""{"n":"survivor"}"""], handler.Calls);
    }

    [Fact]
    public async Task A_handler_slower_than_the_claim_timeout_keeps_its_claim_and_runs_once()
    {
        var clock = new SkewedClock();
        var handler = new ScriptedWebhookHandler();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Behaviour = async (_, cancellationToken) =>
        {
            if (handler.Calls.Count > 1)
            {
                return "applied by a second processor";
            }

            started.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            return "applied once";
        };
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?> { ["Webhooks:ClaimTimeout"] = "00:00:02" },
            s =>
            {
                s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler);
                s.AddSingleton<TimeProvider>(clock);
            });
        using var admin = app.AdminClient();
        await ScriptedWebhookHandler.StoreAsync(app, await admin.CreateCustomStoreAsync(), """{"n":1}""");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The handler takes longer than any stale-claim limit (the clock jumps past ten minutes, and real time past
        // the configured two seconds) while its processor is alive: only a heartbeat keeps the claim.
        clock.Jump(TimeSpan.FromMinutes(10));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var taken = await ActivatorUtilities.CreateInstance<WebhookProcessor>(app.Services).ProcessBatchAsync(CancellationToken.None);
        release.TrySetResult();

        Assert.Equal(0, taken);
        var row = Assert.Single(await app.WaitForInboxAsync(r => r.Single().Status == "done", TimeSpan.FromSeconds(10)));
        Assert.Equal("applied once", row.Result);
        Assert.Single(handler.Calls);
    }

    // Cuts one database off (its sessions ended, new ones refused) without touching the cluster's other databases.
    private async Task SetConnectionsAllowedAsync(string connectionString, bool allowed)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var admin = new NpgsqlConnection(postgres.AdminConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync(new CommandDefinition($"alter database {name} with allow_connections {(allowed ? "true" : "false")}"));
        if (!allowed)
        {
            await admin.ExecuteAsync(new CommandDefinition("select pg_terminate_backend(pid) from pg_stat_activity where datname = @name and pid <> pg_backend_pid()", new { name }));
        }
    }
}
