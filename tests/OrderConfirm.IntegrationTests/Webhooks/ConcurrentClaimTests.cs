using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Webhooks;

/// Two processors claiming at the same moment on PostgreSQL, with the per-store window of the claim.
[Collection(SharedInfrastructure.Name)]
public sealed class ConcurrentClaimTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Two_claimants_claiming_at_once_never_take_the_same_delivery_and_together_take_them_all()
    {
        // Web role only: no processor of the host's own; the test is the two processors.
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Roles"] = "web" });
        using var admin = app.AdminClient();
        var stores = new[] { await admin.CreateCustomStoreAsync(), await admin.CreateCustomStoreAsync(), await admin.CreateCustomStoreAsync() };
        foreach (var store in stores)
        {
            await ScriptedWebhookHandler.StoreAsync(app, store, [.. Enumerable.Range(1, 40).Select(i => $$"""{"n":{{i}}}""")]);
        }

        var deliveries = app.Services.GetRequiredService<WebhookDeliveries>();
        var claims = new List<Task<IReadOnlyList<ClaimedDelivery>>>();
        for (var round = 0; round < 12; round++)
        {
            foreach (var claimant in new[] { "processor-a", "processor-b" })
            {
                claims.Add(Task.Run(() => deliveries.ClaimAsync(claimant, new DeliveryClaim(Limit: 9, PerStore: 4, Busy: [], TakeBackOwn: false), CancellationToken.None)));
            }
        }

        var taken = (await Task.WhenAll(claims)).SelectMany(batch => batch).ToList();
        Assert.All((await Task.WhenAll(claims)).SelectMany(batch => batch.GroupBy(d => d.StoreId)), group => Assert.True(group.Count() <= 4));
        Assert.Equal(taken.Count, taken.Select(d => d.Id).Distinct().Count());

        // Whatever the race left, further claims take, and still never twice.
        while (await deliveries.ClaimAsync("processor-a", new DeliveryClaim(50, 50, [], TakeBackOwn: false), CancellationToken.None) is { Count: > 0 } more)
        {
            taken.AddRange(more);
        }

        Assert.Equal(120, taken.Count);
        Assert.Equal(120, taken.Select(d => d.Id).Distinct().Count());
        Assert.All(await app.InboxRowsAsync(), row => Assert.Equal("processing", row.Status));
    }
}
