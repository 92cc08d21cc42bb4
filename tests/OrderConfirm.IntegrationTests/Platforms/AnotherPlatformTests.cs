using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Platforms;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Platforms;

/// The platform seam carries a platform the service has never heard of. It is registered with one AddShopPlatform
/// line (here from the test host, as a new platform's Setup does from its own folder), and nothing else changes: the
/// stores API checks its fields and accepts its stores, the call asks its guard, the write-back is its own, and the
/// operator's backfill runs its reconciliation. Stores, StoreAdmin, Verification and Hosting name no platform.
[Collection(SharedInfrastructure.Name)]
public sealed class AnotherPlatformTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task A_platform_registered_with_one_line_is_validated_called_written_back_and_reconciled()
    {
        var market = new Market();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, services: s =>
        {
            s.AddSingleton(market);
            s.AddShopPlatform<MarketPlatform>(MarketPlatform.Key).WithOrderGuard<MarketGuard>().WithWriteBack<MarketWriteBack>();
        });
        using var client = app.AdminClient();

        var refused = await client.PostAsJsonAsync("/api/stores", new { name = "Multan Mangoes", platform = MarketPlatform.Key });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("shopDomain", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));

        var created = await client.PostAsJsonAsync("/api/stores", new { name = "Multan Mangoes", platform = MarketPlatform.Key, shopDomain = "mangoes.market.example" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var store = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var storeId = store["id"]!.GetValue<long>();
        Assert.Equal(MarketPlatform.Key, store["platform"]!.GetValue<string>());

        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, ("2", 1, "0"));
        var orderId = $"market-{Guid.NewGuid():N}";
        var id = await client.SubmitOrderAsync(storeId, orderId, typed);
        var done = await client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal([orderId], market.Guarded);
        Assert.Equal([(orderId, "confirmed")], market.Written);

        var since = DateTimeOffset.UtcNow.AddHours(-1);
        var reconcile = await client.PostAsJsonAsync($"/api/stores/{storeId}/reconcile", new { since });
        Assert.Equal(HttpStatusCode.Accepted, reconcile.StatusCode);
        Assert.Equal($"market-reconcile-{storeId}", (await reconcile.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>());
    }

    /// What the platform's parts saw, for the test to read.
    private sealed class Market
    {
        private readonly ConcurrentQueue<string> _guarded = new();
        private readonly ConcurrentQueue<(string, string)> _written = new();

        public IReadOnlyList<string> Guarded => [.. _guarded];

        public IReadOnlyList<(string OrderId, string Outcome)> Written => [.. _written];

        public void Guard(string orderId) => _guarded.Enqueue(orderId);

        public void Write(string orderId, string outcome) => _written.Enqueue((orderId, outcome));
    }

    private sealed class MarketPlatform : IShopPlatform, IShopReconciliation
    {
        public const string Key = "market";

        string IShopPlatform.Key => Key;

        public IShopWebhooks? Webhooks => null;

        public IShopReconciliation? Reconciliation => this;

        public (TimeSpan Lookback, string Setting) Lookback => (TimeSpan.FromDays(1), "a day");

        public void Validate(StoreRequest request, Store? existing, StoreErrors errors)
            => errors.Require(StoreErrors.Merge(request.ShopDomain, existing?.ShopDomain), "shopDomain", "A market store needs its shop's domain.");

        public Store Prepare(Store? before, Store store, DateTimeOffset now) => store;

        public Task<long?> TakenByAsync(Store store, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

        public void Forget(Store store)
        {
        }

        public string OrdersPath(Store store) => "/api/verifications";

        public DateTimeOffset StartOf(Store store, DateTimeOffset now) => now;

        public string Enqueue(long storeId) => $"market-reconcile-{storeId}";
    }

    private sealed class MarketGuard(Market market) : IOrderGuard
    {
        public Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
        {
            market.Guard(verification.OrderId);
            return Task.FromResult<string?>(null);
        }
    }

    private sealed class MarketWriteBack(Market market) : IOrderWriteBack
    {
        public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            if (!await turn.ProceedAsync(cancellationToken))
            {
                return new WriteBackResult.Superseded();
            }

            market.Write(verification.OrderId, verification.Outcome!);
            return new WriteBackResult.Done($"Outcome '{verification.Outcome}' written to the market");
        }
    }
}
