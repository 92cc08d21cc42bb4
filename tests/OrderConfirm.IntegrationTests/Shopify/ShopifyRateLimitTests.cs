using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Shopify;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using WireMock.Logging;

namespace OrderConfirm.IntegrationTests.Shopify;

/// The write-back keeps to the shop's rate limits: a THROTTLED answer or a 429 is waited out inside the request when
/// the wait is short and handed back to the job's schedule when it is long, without spending an attempt, and a burst
/// is spaced by the client's own picture of the shop's cost bucket.
[Collection(SharedInfrastructure.Name)]
public sealed class ShopifyRateLimitTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly ShopifyAdminStub _shop = new();

    [Fact]
    public async Task Throttled_request_waits_as_long_as_the_cost_bucket_asks_and_then_succeeds()
    {
        // The first outcome write-back is THROTTLED (HTTP 200 with a GraphQL error): 50 points asked, none available,
        // 50 a second restored, so the bucket covers it again in 1 s.
        _shop.MutationsSucceed().Throttle("mutation OutcomeTags", containing: ConfirmedAdd, requestedCost: 50, restoreRate: 50);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var sends = ConfirmedTagsAdds();
        Assert.Equal(2, sends.Count);
        // Waited inside the request for the bucket (no jitter there: the bucket itself spaces the store's requests).
        Assert.InRange(Gap(sends[0], sends[1]), TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("write-back-retry", done.TimelineKinds());
    }

    [Fact]
    public async Task Http_429_waits_for_retry_after_and_succeeds()
    {
        _shop.MutationsSucceed().TooManyRequests("mutation OutcomeTags", containing: ConfirmedAdd, retryAfterSeconds: 1);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        var (verification, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var sends = ConfirmedTagsAdds();
        Assert.Equal(2, sends.Count);
        Assert.InRange(Gap(sends[0], sends[1]), TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Retry_after_longer_than_a_request_may_wait_reschedules_the_write_back_with_jitter_and_no_attempt_spent()
    {
        _shop.MutationsSucceed().TooManyRequests("mutation OutcomeTags", containing: ConfirmedAdd, retryAfterSeconds: 6);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "1" });
        var (verification, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed", TimeSpan.FromSeconds(40));

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var sends = ConfirmedTagsAdds();
        Assert.Equal(2, sends.Count);
        // The job was rescheduled Retry-After (6 s) plus up to a fifth of jitter later, and the shop saw no request
        // before then (Hangfire's pick-up of the scheduled job adds a little on a busy machine).
        var throttled = Assert.Single(done["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "write-back-throttled");
        var wait = Regex.Match(throttled!["message"]!.GetValue<string>(), @"in (\d+\.\d+) s");
        Assert.InRange(double.Parse(wait.Groups[1].Value, CultureInfo.InvariantCulture), 6.0, 6.0 * 1.2);
        Assert.InRange(Gap(sends[0], sends[1]), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6 * 1.2 + 5));
        Assert.DoesNotContain("write-back-retry", done.TimelineKinds());
    }

    [Fact]
    public async Task Write_back_throttled_more_times_than_it_has_attempts_is_still_written_back()
    {
        // Seven THROTTLED answers in a row (0.1 s of refill each), then the shop serves it.
        _shop.MutationsSucceed().Throttle("mutation OutcomeTags", containing: ConfirmedAdd, times: 7, requestedCost: 10, restoreRate: 100);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "2" });
        var (verification, _, _) = await app.VerifyShopifyOrderAsync(_shop, roboCall, dtmf: 1);

        var done = await app.AdminClient().WaitForStatusAsync(verification, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(8, ConfirmedTagsAdds().Count);
        // Three sends per job run, then the wait goes back to the job's schedule: twice, with no attempt spent.
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "write-back-throttled"));
        Assert.DoesNotContain("write-back-retry", done.TimelineKinds());
    }

    [Fact]
    public async Task Burst_against_a_small_cost_bucket_is_spaced_under_its_budget()
    {
        // 50 points, 50 a second, 10 a request: 20 requests need 3 s of refill beyond the full bucket.
        var bucket = _shop.SimulateBucket("BurstProbe", capacity: 50, restoreRate: 50, cost: 10);
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var created = await admin.CreateShopifyStoreAsync(apiBaseUrl: _shop.BaseUrl);
        var store = (await app.Services.GetRequiredService<StoreRepository>().GetAsync(created.StoreId, CancellationToken.None))!;
        var client = app.Services.GetRequiredService<ShopifyAdminClient>();
        const string probe = "query BurstProbe { shop { name } }";

        Assert.IsType<ShopAnswer<JsonElement>.Ok>(await client.ExecuteAsync(store, probe, null, CancellationToken.None)); // learns the bucket
        var started = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ExecuteAsync(store, probe, null, CancellationToken.None)));

        Assert.All(results, r => Assert.IsType<ShopAnswer<JsonElement>.Ok>(r));
        Assert.Equal(21, bucket.Served);
        Assert.InRange(bucket.Throttled, 0, 1);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(2.5), $"the burst took {started.Elapsed}; the bucket only refills 50 points a second");
    }

    public void Dispose() => _shop.Dispose();

    private static TimeSpan Gap(ILogEntry first, ILogEntry second)
        => second.RequestMessage!.DateTime - first.RequestMessage!.DateTime;

    private List<ILogEntry> ConfirmedTagsAdds()
        => _shop.Operations("mutation OutcomeTags").Where(a => a.RequestMessage!.Body!.Contains(ConfirmedAdd, StringComparison.Ordinal)).ToList();

    // The write-back of the confirmed outcome (its add list), not another that only removes cod-confirmed.
    private const string ConfirmedAdd = "\"add\":[\"cod-confirmed\"]";
}
