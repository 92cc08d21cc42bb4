using OrderConfirm.Custom;
using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.Verification;

/// Whatever goes wrong in a write-back counts toward Verification:MaxWriteBackAttempts and ends in needs-attention with
/// the reason; the retries wait longer each time.
[Collection(SharedInfrastructure.Name)]
public sealed class WriteBackFailureTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Write_back_that_throws_counts_its_attempts_and_ends_in_needs_attention_without_failed_jobs()
    {
        var shop = new ThrowingWriteBack();
        var order = await ConfirmedOrderAsync(shop, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "3" });
        await using var app = order.App;
        using var client = app.AdminClient();
        var (id, phone) = (order.Id, order.Phone);
        var done = await client.WaitForStatusAsync(id, "needs-attention");

        Assert.Equal(3, shop.Attempts);
        Assert.Equal("failed", done["writeBack"]!.GetValue<string>());
        var reason = done["reason"]!.GetValue<string>();
        Assert.Contains("3 times", reason, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), reason, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingWriteBack.Secret, reason, StringComparison.Ordinal); // the type, never the message
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(ThrowingWriteBack.Secret, StringComparison.Ordinal));
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "write-back-retry"));

        // Every write-back job finished normally: nothing failed for the sweeper to re-drive, nothing left to expire.
        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than Jobs:SweeperGrace
        Assert.Equal(0, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount());
        Assert.Equal(3, shop.Attempts);
    }

    [Fact]
    public async Task Write_back_that_keeps_failing_ends_in_needs_attention_with_the_reason()
    {
        var shop = new FailingWriteBack();
        var order = await ConfirmedOrderAsync(shop, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "3" });
        await using var app = order.App;
        using var client = app.AdminClient();
        var (id, phone) = (order.Id, order.Phone);
        var done = await client.WaitForStatusAsync(id, "needs-attention");

        Assert.Equal(3, shop.Attempts);
        Assert.Equal("failed", done["writeBack"]!.GetValue<string>());
        Assert.Contains("shop answered 503", done["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "write-back-retry"));

        // After the shop recovers, an operator retries the write-back; the outcome is kept.
        shop.Recover();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/verifications/{id}/retry-write-back", null)).StatusCode);
        var retried = await client.WaitForStatusAsync(id, "confirmed");
        Assert.Equal("done", retried["writeBack"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Write_back_retries_wait_longer_each_time()
    {
        var shop = new RecordingFailingWriteBack();
        var order = await ConfirmedOrderAsync(shop, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "5", ["Verification:WriteBackRetryDelay"] = "00:00:00.300" });
        await using var app = order.App;
        using var client = app.AdminClient();
        var (id, phone) = (order.Id, order.Phone);
        await client.WaitForStatusAsync(id, "needs-attention");

        // Attempt n (n ≥ 2) was due WriteBackRetryDelay × 2^(n−2), ±20 %, after the failure before it was recorded.
        var delays = shop.Seen.Skip(1).Select(v => TimeSpan.FromMilliseconds(v.DueAt!.Value - v.UpdatedAt)).ToList();
        Assert.Equal(4, delays.Count);
        for (var i = 0; i < delays.Count; i++)
        {
            var nominal = TimeSpan.FromMilliseconds(300 * Math.Pow(2, i));
            Assert.InRange(delays[i], nominal * 0.8, nominal * 1.2);
        }

        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second > p.First), string.Join(", ", delays));
        Assert.Equal([1, 2, 3, 4], shop.Seen.Skip(1).Select(v => v.WriteBackAttempts));
    }

    [Fact]
    public async Task A_store_whose_credentials_cannot_be_read_counts_each_attempt_and_ends_in_needs_attention()
    {
        var database = await postgres.CreateDatabaseAsync();
        var shop = new StoreBecomesUnreadable(database);
        await using var app = OrderConfirmApp.Start(database, roboCall, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "3" }, services => services.AddKeyedSingleton<IOrderWriteBack>(CustomPlatform.Key, shop));
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var id = await client.SubmitOrderAsync(storeId, $"wb-{Guid.NewGuid():N}", typed);

        // The first attempt reaches the shop; from then on the store's sealed credentials cannot be opened.
        var done = await client.WaitForStatusAsync(id, "needs-attention");

        Assert.Equal(1, shop.Attempts);
        Assert.Contains("Write-back failed 3 times", done["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "write-back-retry"));
    }

    [Fact]
    public async Task A_throttle_spends_no_attempt_so_a_503_after_it_is_still_retried()
    {
        // Two attempts allowed: the throttle must not count as the first, or the 503 would be the last.
        var shop = new ScriptedWriteBack(
            new WriteBackResult.Throttled("THROTTLED by the shop", TimeSpan.FromMilliseconds(100)),
            new WriteBackResult.RetryLater("shop answered 503"),
            new WriteBackResult.Done("written"));
        var order = await ConfirmedOrderAsync(shop, new Dictionary<string, string?> { ["Verification:MaxWriteBackAttempts"] = "2" });
        await using var app = order.App;
        using var client = app.AdminClient();

        var done = await client.WaitForStatusAsync(order.Id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(3, shop.Calls);
        Assert.Equal(["write-back-throttled", "write-back-retry", "write-back"], done.TimelineKinds().Where(k => k.StartsWith("write-back", StringComparison.Ordinal)));
    }

    // A host whose write-back for custom stores is the given stand-in, and one order whose customer presses 1.
    private async Task<(OrderConfirmApp App, long Id, string Phone)> ConfirmedOrderAsync(IOrderWriteBack shop, Dictionary<string, string?> settings)
    {
        var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, settings, services => services.AddKeyedSingleton(CustomPlatform.Key, shop));
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var id = await client.SubmitOrderAsync(storeId, $"wb-{Guid.NewGuid():N}", typed);
        return (app, id, phone);
    }

    private sealed class ThrowingWriteBack : IOrderWriteBack
    {
        public const string Secret = "shpat_must_not_leak";
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new InvalidOperationException($"bug while writing with token {Secret}");
        }
    }

    private sealed class RecordingFailingWriteBack : IOrderWriteBack
    {
        private readonly List<VerificationRecord> _seen = [];

        public IReadOnlyList<VerificationRecord> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            lock (_seen)
            {
                _seen.Add(verification);
            }

            return Task.FromResult<WriteBackResult>(new WriteBackResult.RetryLater("shop answered 503"));
        }
    }

    // Stands in for a shop adapter (Shopify/WooCommerce arrive in their own issues) to drive the engine's retry policy.
    // Answers 503 once and, before answering, seals the store's credentials with garbage, as a key that is gone would.
    private sealed class StoreBecomesUnreadable(string database) : IOrderWriteBack
    {
        private int _attempts;

        public int Attempts => _attempts;

        public async Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("update stores set secrets = 'not-sealed-by-any-key' where id = @id", connection);
            command.Parameters.AddWithValue("id", store.Id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new WriteBackResult.RetryLater("shop answered 503");
        }
    }

    private sealed class FailingWriteBack : IOrderWriteBack
    {
        private int _attempts;
        private volatile bool _recovered;

        public int Attempts => _attempts;

        public void Recover() => _recovered = true;

        public Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            if (_recovered)
            {
                return Task.FromResult<WriteBackResult>(new WriteBackResult.Done("written"));
            }

            Interlocked.Increment(ref _attempts);
            return Task.FromResult<WriteBackResult>(new WriteBackResult.RetryLater("shop answered 503"));
        }
    }

    // Answers each run with the next scripted result, the last one from then on.
    private sealed class ScriptedWriteBack(params WriteBackResult[] results) : IOrderWriteBack
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<WriteBackResult> ApplyAsync(Store store, VerificationRecord verification, WriteBackTurn turn, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            return Task.FromResult(results[Math.Min(call, results.Length) - 1]);
        }
    }
}
