using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Storage;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Tests.Webhooks;

/// The inbox rows' state machine, on a real SQLite file (the embedded mode) with a clock the test moves.
public sealed class WebhookDeliveriesTests : IAsyncLifetime
{
    private const string A = "processor-a";
    private const string B = "processor-b";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oc-unit-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly WebhookOptions _options = new()
    {
        RetryDelay = TimeSpan.FromSeconds(30),
        MaxRetryDelay = TimeSpan.FromMinutes(1),
        MaxAttempts = 4,
        ClaimTimeout = TimeSpan.FromMinutes(1),
    };

    private Database _database = null!;
    private WebhookDeliveries _deliveries = null!;
    private long _storeId;
    private int _sequence;

    public async Task InitializeAsync()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        _database = Database.Create(null, Path.Combine(_directory, "test.db"));
        await new SchemaMigrator(_database, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        _storeId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into stores (name, platform, enabled, settings, sms_provider, created_at, updated_at) values ('Lahore Lawn', 'custom', 1, '{}', 'none', 0, 0) returning id"));
        _deliveries = new WebhookDeliveries(_database, Options.Create(_options), _clock);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Failed_attempts_wait_growing_delays_then_end_failed_with_the_body_kept()
    {
        var id = await AddAsync();

        foreach (var delay in new[] { TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60) })
        {
            var claimed = Assert.Single(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));
            Assert.Equal("new", await _deliveries.RecordFailureAsync(claimed, A, "decrypting the body: CryptographicException", CancellationToken.None));
            _clock.Advance(delay - TimeSpan.FromMilliseconds(1));
            Assert.Empty(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var last = Assert.Single(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));
        Assert.Equal(3, last.Attempts);
        Assert.Equal("failed", await _deliveries.RecordFailureAsync(last, A, "decrypting the body: CryptographicException", CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));
        var row = await _deliveries.GetAsync(id, CancellationToken.None);
        Assert.Equal(("failed", 4, 1L), (row!.Status, row.Attempts, row.BodyKept));
        Assert.Equal(1, await _deliveries.CountFailedAsync(CancellationToken.None));

        Assert.True(await _deliveries.RequeueAsync(id, CancellationToken.None));
        var replayed = Assert.Single(await _deliveries.ClaimAsync(B, 10, CancellationToken.None));
        Assert.Equal((id, 0, "{}"), (replayed.Id, replayed.Attempts, replayed.Body));
    }

    [Fact]
    public async Task Only_the_claimant_finishes_and_a_release_gives_back_without_counting()
    {
        await AddAsync();
        await AddAsync();
        var batch = await _deliveries.ClaimAsync(A, 10, CancellationToken.None);
        Assert.Equal(2, batch.Count);

        await _deliveries.CompleteAsync(batch[0].Id, B, "applied by the wrong processor", CancellationToken.None);
        Assert.Equal("processing", (await _deliveries.GetAsync(batch[0].Id, CancellationToken.None))!.Status);
        Assert.Empty(await _deliveries.ClaimAsync(B, 10, CancellationToken.None));

        Assert.Equal(2, await _deliveries.ReleaseAsync(A, CancellationToken.None));
        var again = await _deliveries.ClaimAsync(B, 10, CancellationToken.None);
        Assert.Equal(batch.Select(d => (d.Id, 0)), again.Select(d => (d.Id, d.Attempts)));
    }

    [Fact]
    public async Task A_claim_is_taken_over_only_once_its_heartbeat_stops()
    {
        var id = await AddAsync();
        Assert.Single(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(1, await _deliveries.HeartbeatAsync(A, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Empty(await _deliveries.ClaimAsync(B, 10, CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(id, Assert.Single(await _deliveries.ClaimAsync(B, 10, CancellationToken.None)).Id);
        Assert.Equal(0, await _deliveries.HeartbeatAsync(A, CancellationToken.None));
    }

    [Fact]
    public async Task A_claimant_takes_back_its_own_leftovers_at_once()
    {
        await AddAsync();
        var first = Assert.Single(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));

        // A batch that could not be released (the database was down): the same processor picks it up next time.
        var again = Assert.Single(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));

        Assert.Equal((first.Id, 0), (again.Id, again.Attempts));
    }

    [Fact]
    public async Task An_applied_delivery_loses_its_body_and_cannot_be_replayed()
    {
        var id = await AddAsync();
        var claimed = Assert.Single(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));

        await _deliveries.CompleteAsync(claimed.Id, A, "verification 1: pending", CancellationToken.None);

        var row = await _deliveries.GetAsync(id, CancellationToken.None);
        Assert.Equal(("done", 0L, "verification 1: pending"), (row!.Status, row.BodyKept, row.Result));
        Assert.False(await _deliveries.RequeueAsync(id, CancellationToken.None));
        Assert.Empty(await _deliveries.ClaimAsync(A, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_takes_at_most_its_share_of_each_store_and_skips_busy_stores()
    {
        var second = await AddStoreAsync();
        var third = await AddStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await AddAsync();
        }

        var secondsFirst = await AddAsync(second);
        await AddAsync(second);
        var thirds = await AddAsync(third);

        // The first store's backlog comes first by id, but two of it is all one claim takes: the others' rows are next.
        var claimed = await _deliveries.ClaimAsync(A, new DeliveryClaim(Limit: 10, PerStore: 2, Busy: [third], TakeBackOwn: false), CancellationToken.None);

        Assert.Equal([_storeId, _storeId, second, second], claimed.Select(d => d.StoreId));
        Assert.Contains(secondsFirst, claimed.Select(d => d.Id));
        Assert.DoesNotContain(thirds, claimed.Select(d => d.Id));
    }

    [Fact]
    public async Task A_claimant_at_work_does_not_claim_its_own_rows_again()
    {
        await AddAsync();
        Assert.Single(await _deliveries.ClaimAsync(A, new DeliveryClaim(10, 10, [], TakeBackOwn: false), CancellationToken.None));

        Assert.Empty(await _deliveries.ClaimAsync(A, new DeliveryClaim(10, 10, [], TakeBackOwn: false), CancellationToken.None));

        // Even once its own claim looks stale (the heartbeat is late): the rows are still in its lanes.
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await _deliveries.ClaimAsync(A, new DeliveryClaim(10, 10, [], TakeBackOwn: false), CancellationToken.None));
        Assert.Single(await _deliveries.ClaimAsync(A, new DeliveryClaim(10, 10, [], TakeBackOwn: true), CancellationToken.None));
    }

    private async Task<long> AddStoreAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into stores (name, platform, enabled, settings, sms_provider, created_at, updated_at) values ('Karachi Kurtas', 'custom', 1, '{}', 'none', 0, 0) returning id"));
    }

    private async Task<long> AddAsync(long? storeId = null)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into webhook_deliveries (platform, delivery_id, store_id, topic, received_at, body) values ('test', @deliveryId, @storeId, 'test/topic', 0, '{}') returning id",
            new { deliveryId = $"d{Interlocked.Increment(ref _sequence)}", storeId = storeId ?? _storeId }));
    }
}
