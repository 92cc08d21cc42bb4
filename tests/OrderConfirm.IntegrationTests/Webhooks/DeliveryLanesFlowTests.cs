using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Webhooks;

/// The running processor with its lanes, on PostgreSQL: one order's deliveries stay in arrival order while other
/// orders go past a slow one, and one store's backlog does not hold another store's orders.
[Collection(SharedInfrastructure.Name)]
public sealed class DeliveryLanesFlowTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task An_orders_cancel_waits_for_its_slow_create_while_other_orders_go_past()
    {
        var finished = new ConcurrentQueue<string>();
        var handler = new ScriptedWebhookHandler { KeyOf = body => Field(body, "order") };
        handler.Behaviour = async (body, cancellationToken) =>
        {
            if (body.Contains("create", StringComparison.Ordinal) && Field(body, "order") == "1")
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken); // the shop answers slowly for this one
            }

            finished.Enqueue($"{Field(body, "order")} {Field(body, "step")}");
            return "applied";
        };
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: s => s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler));
        using var admin = app.AdminClient();

        await ScriptedWebhookHandler.StoreAsync(
            app,
            await admin.CreateCustomStoreAsync(),
            """{"order":"1","step":"create"}""",
            """{"order":"1","step":"cancel"}""",
            """{"order":"2","step":"create"}""",
            """{"order":"3","step":"create"}""");

        await app.WaitForInboxAsync(r => r.Count == 4 && r.All(d => d.Status == "done"), TimeSpan.FromSeconds(20));
        var order = finished.ToList();
        Assert.True(order.IndexOf("1 create") < order.IndexOf("1 cancel"), string.Join(", ", order));
        Assert.True(order.IndexOf("2 create") < order.IndexOf("1 create"), $"order 2 waited for order 1: {string.Join(", ", order)}");
        Assert.True(order.IndexOf("3 create") < order.IndexOf("1 create"), $"order 3 waited for order 1: {string.Join(", ", order)}");
    }

    [Fact]
    public async Task A_second_stores_orders_are_applied_while_the_first_store_works_off_its_backlog()
    {
        var handler = new ScriptedWebhookHandler { KeyOf = body => Field(body, "order") };
        handler.Behaviour = async (body, cancellationToken) =>
        {
            if (body.Contains("\"slow\"", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // store A's host answers in a second
            }

            return "applied";
        };
        // Small lanes, so that store A's backlog outlasts the test's patience many times over: at most one of a store's
        // deliveries at a time, two in all, and a claim holds a few rows of each store.
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?> { ["Webhooks:Concurrency"] = "2", ["Webhooks:PerStoreConcurrency"] = "1" },
            s => s.AddKeyedSingleton<IWebhookHandler>(ScriptedWebhookHandler.Name, handler));
        using var admin = app.AdminClient();
        var storeA = await admin.CreateCustomStoreAsync();
        var storeB = await admin.CreateCustomStoreAsync();

        await ScriptedWebhookHandler.StoreAsync(app, storeA, [.. Enumerable.Range(1, 20).Select(i => $$"""{"order":"a{{i}}","speed":"slow"}""")]);
        var posted = Stopwatch.StartNew();
        await ScriptedWebhookHandler.StoreAsync(app, storeB, """{"order":"b1"}""", """{"order":"b2"}""", """{"order":"b3"}""");

        var rows = await app.WaitForInboxAsync(r => r.Where(d => d.StoreId == storeB).All(d => d.Status == "done"), TimeSpan.FromSeconds(30));
        var waited = posted.Elapsed;
        Assert.True(waited < TimeSpan.FromSeconds(3), $"store B's orders waited {waited.TotalSeconds:0.0} s behind store A's");
        Assert.True(rows.Count(d => d.StoreId == storeA && d.Status != "done") >= 10, "store A's backlog was not a backlog");
    }

    private static string? Field(string body, string name)
        => JsonDocument.Parse(body).RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
}
