using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.Tests.Verification;

/// The state machine is a set of conditional updates; these run them on a real SQLite file (the embedded mode).
public sealed class VerificationRepositoryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oc-unit-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private Database _database = null!;
    private VerificationRepository _verifications = null!;
    private long _storeId;
    private int _orders;

    public async Task InitializeAsync()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        _database = Database.Create(null, Path.Combine(_directory, "test.db"));
        await new SchemaMigrator(_database, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var protector = new SecretProtector(Options.Create(new EncryptionOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        var store = await new StoreRepository(_database, protector, _clock).InsertAsync(new Store { Id = 0, Name = "Lahore Lawn", Platform = "custom" }, CancellationToken.None);
        _storeId = store.Id;
        _verifications = new VerificationRepository(_database, _clock);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Same_store_and_order_is_stored_once()
    {
        var (first, created) = await _verifications.CreateAsync(Order("1001"), CancellationToken.None);
        var (second, createdAgain) = await _verifications.CreateAsync(Order("1001"), CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1499.50m, first.Amount);
        Assert.Equal("received", Assert.Single(await _verifications.TimelineAsync(first.Id, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Only_one_of_many_concurrent_dial_claims_wins()
    {
        var id = await NewAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _verifications.BeginDialAsync(id, _clock.GetUtcNow(), CancellationToken.None))));

        Assert.Single(claims, won => won);
        var row = await GetAsync(id);
        Assert.Equal(("calling", "dialing"), (row.Status, row.Step));
        Assert.False(await _verifications.BeginDialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Call_id_is_recorded_only_after_a_dial_began()
    {
        var id = await NewAsync();
        var now = _clock.GetUtcNow();

        Assert.False(await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-1", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.True(await _verifications.BeginDialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
        Assert.True(await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-1", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-2", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));

        var row = await GetAsync(id);
        Assert.Equal(("poll", "c-1"), (row.Step, row.CallId));
        Assert.Equal(["received", "dialing", "call-placed"], (await _verifications.TimelineAsync(id, CancellationToken.None)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Due_polls_are_claimed_once_per_lease()
    {
        var id = await PlacedAsync();

        Assert.Empty(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(id, Assert.Single(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None)).Id);
        Assert.Empty(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await _verifications.ClaimDuePollsAsync(TimeSpan.FromMinutes(2), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Final_outcome_moves_to_write_back_exactly_once()
    {
        var id = await PlacedAsync();

        Assert.True(await _verifications.FinishCallAsync(id, "confirmed", 2, 1, 0, "pressed 1", CancellationToken.None));
        Assert.False(await _verifications.FinishCallAsync(id, "cancelled", 2, 2, 0, "pressed 2", CancellationToken.None));
        var row = await GetAsync(id);
        Assert.Equal(("confirmed", "apply", "confirmed", "pending"), (row.Status, row.Step, row.Outcome, row.WriteBack));

        Assert.True(await _verifications.CompleteWriteBackAsync(id, "done", "tagged", CancellationToken.None));
        Assert.False(await _verifications.CompleteWriteBackAsync(id, "done", "tagged", CancellationToken.None));
        Assert.Equal(("confirmed", "done"), ((await GetAsync(id)).Status, (await GetAsync(id)).Step));
    }

    [Fact]
    public async Task Failed_write_back_keeps_the_outcome_and_can_be_retried()
    {
        var id = await PlacedAsync();
        await _verifications.FinishCallAsync(id, "cancelled", 2, 2, 0, "pressed 2", CancellationToken.None);

        Assert.True(await _verifications.FailWriteBackAsync(id, "token revoked", CancellationToken.None));
        var failed = await GetAsync(id);
        Assert.Equal(("needs-attention", "cancelled", "failed"), (failed.Status, failed.Outcome, failed.WriteBack));
        Assert.False(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None)); // the customer answered

        Assert.True(await _verifications.RetryWriteBackAsync(id, CancellationToken.None));
        Assert.Equal(("cancelled", "apply"), ((await GetAsync(id)).Status, (await GetAsync(id)).Step));
    }

    [Fact]
    public async Task Unknown_dial_needs_attention_and_only_an_operator_redials()
    {
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, _clock.GetUtcNow(), CancellationToken.None);

        Assert.False(await _verifications.NeedsAttentionAsync(id, "call", "wrong step", CancellationToken.None));
        Assert.True(await _verifications.NeedsAttentionAsync(id, "dialing", "timed out", CancellationToken.None));
        var stuck = await GetAsync(id);
        Assert.Equal(("needs-attention", "done", "timed out"), (stuck.Status, stuck.Step, stuck.Reason));
        Assert.False(await _verifications.RetryWriteBackAsync(id, CancellationToken.None)); // no outcome to write

        Assert.True(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
        var row = await GetAsync(id);
        Assert.Equal(("pending", "call"), (row.Status, row.Step));
        Assert.Null(row.DialStartedAt);
        Assert.Null(row.CallId);
        Assert.False(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Redial_of_an_unreachable_customer_forgets_the_previous_call()
    {
        var id = await PlacedAsync();
        await _verifications.FinishCallAsync(id, "unreachable", 5, null, 3, "no answer", CancellationToken.None);
        Assert.False(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None)); // write-back still due
        await _verifications.CompleteWriteBackAsync(id, "done", "tagged", CancellationToken.None);

        Assert.True(await _verifications.RedialAsync(id, _clock.GetUtcNow().AddMinutes(5), CancellationToken.None));

        var row = await GetAsync(id);
        Assert.Equal(("pending", "call"), (row.Status, row.Step));
        Assert.Equal((null, null, null, null), (row.CallId, row.Outcome, row.RoboStatus, row.WriteBack));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds(), row.DueAt);
    }

    [Fact]
    public async Task Stop_only_applies_before_the_dial()
    {
        var waiting = await NewAsync();
        var dialing = await NewAsync();
        await _verifications.BeginDialAsync(dialing, _clock.GetUtcNow(), CancellationToken.None);

        Assert.True(await _verifications.StopAsync(waiting, "order cancelled", CancellationToken.None));
        Assert.False(await _verifications.StopAsync(dialing, "order cancelled", CancellationToken.None));
        Assert.Equal("skipped", (await GetAsync(waiting)).Status);
    }

    [Fact]
    public async Task Sweeper_queries_find_due_steps_and_stuck_dials()
    {
        var due = await NewAsync();
        var stuck = await NewAsync();
        await _verifications.BeginDialAsync(stuck, _clock.GetUtcNow(), CancellationToken.None);
        var applying = await PlacedAsync();
        await _verifications.FinishCallAsync(applying, "confirmed", 2, 1, 0, "pressed 1", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var later = await NewAsync(dueIn: TimeSpan.FromHours(1));
        var justDialing = await NewAsync();
        await _verifications.BeginDialAsync(justDialing, _clock.GetUtcNow(), CancellationToken.None);

        var steps = await _verifications.DueStepsAsync(_clock.GetUtcNow(), 10, CancellationToken.None);
        var stuckDials = await _verifications.StuckDialsAsync(_clock.GetUtcNow().AddMinutes(-5), CancellationToken.None);

        Assert.Equal([(due, "call"), (applying, "apply")], steps.Select(s => (s.Id, s.Step)).Order());
        Assert.Equal([stuck], stuckDials);
    }

    [Fact]
    public async Task Dial_is_never_claimed_for_an_order_the_shop_closed()
    {
        var closed = await NewAsync();
        var open = await NewAsync();
        var closedOrder = (await GetAsync(closed)).OrderId;
        await new ShopOrders(_database, _clock).MarkClosedAsync(_storeId, closedOrder, "cancelled", CancellationToken.None);

        Assert.False(await _verifications.BeginDialAsync(closed, _clock.GetUtcNow(), CancellationToken.None));
        Assert.True(await _verifications.BeginDialAsync(open, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(("pending", "call"), ((await GetAsync(closed)).Status, (await GetAsync(closed)).Step));
    }

    [Fact]
    public async Task Late_call_id_resumes_a_stuck_dial_only_while_nobody_acted_on_it()
    {
        var now = _clock.GetUtcNow();
        var stuck = await NewAsync();
        var redialled = await NewAsync();
        foreach (var id in new[] { stuck, redialled })
        {
            await _verifications.BeginDialAsync(id, now, CancellationToken.None);
            await _verifications.NeedsAttentionAsync(id, "dialing", "stuck", CancellationToken.None);
        }

        await _verifications.RedialAsync(redialled, now, CancellationToken.None);

        Assert.False(await _verifications.RecordCallPlacedAsync(stuck, now, "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.ResumeStuckDialAsync(stuck, now.AddSeconds(-1), "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.True(await _verifications.ResumeStuckDialAsync(stuck, now, "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.ResumeStuckDialAsync(redialled, now, "c-late", now.AddMinutes(1), now.AddHours(4), CancellationToken.None));

        var row = await GetAsync(stuck);
        Assert.Equal(("calling", "poll", "c-late", null), (row.Status, row.Step, row.CallId, row.Reason));
        Assert.Equal(now.AddMinutes(1).ToUnixTimeMilliseconds(), row.DueAt);
        Assert.Equal(now.AddHours(4).ToUnixTimeMilliseconds(), row.GiveUpAt);
        Assert.Equal(("pending", "call"), ((await GetAsync(redialled)).Status, (await GetAsync(redialled)).Step));
    }

    [Fact]
    public async Task Answer_to_an_old_dial_never_lands_on_a_newer_one()
    {
        var first = _clock.GetUtcNow();
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, first, CancellationToken.None);
        await _verifications.NeedsAttentionAsync(id, "dialing", "stuck", CancellationToken.None);
        await _verifications.RedialAsync(id, first, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(3));
        var second = _clock.GetUtcNow();
        await _verifications.BeginDialAsync(id, second, CancellationToken.None);

        Assert.False(await _verifications.RecordCallPlacedAsync(id, first, "c-old", second, second.AddHours(4), CancellationToken.None));
        Assert.False(await _verifications.ReturnToPendingAsync(id, first, second, "not placed", CancellationToken.None));
        Assert.False(await _verifications.DialNeedsAttentionAsync(id, first, "unknown", CancellationToken.None));
        Assert.True(await _verifications.RecordCallPlacedAsync(id, second, "c-new", second, second.AddHours(4), CancellationToken.None));
        Assert.Equal("c-new", (await GetAsync(id)).CallId);
    }

    [Fact]
    public async Task Call_failures_are_counted_once_each_and_reset_when_the_dial_begins()
    {
        var id = await NewAsync();
        var later = _clock.GetUtcNow().AddMinutes(1);

        Assert.True(await _verifications.RetryCallAfterFailureAsync(id, 0, "NpgsqlException", later, "failed", CancellationToken.None));
        Assert.False(await _verifications.RetryCallAfterFailureAsync(id, 0, "NpgsqlException", later, "failed", CancellationToken.None));
        Assert.True(await _verifications.RetryCallAfterFailureAsync(id, 1, "InvalidOperationException", later, "failed", CancellationToken.None));
        var failing = await GetAsync(id);
        Assert.Equal((2, "InvalidOperationException", later.ToUnixTimeMilliseconds()), (failing.CallFailures, failing.LastCallError, failing.DueAt));

        Assert.True(await _verifications.BeginDialAsync(id, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal((0, null), ((await GetAsync(id)).CallFailures, (await GetAsync(id)).LastCallError));

        var other = await NewAsync();
        Assert.True(await _verifications.GiveUpCallAfterFailuresAsync(other, 0, "CryptographicException", "gave up", CancellationToken.None));
        var given = await GetAsync(other);
        Assert.Equal(("needs-attention", "done", "gave up", 1), (given.Status, given.Step, given.Reason, given.CallFailures));
        Assert.True(await _verifications.RedialAsync(other, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(0, (await GetAsync(other)).CallFailures);
    }

    private NewVerification Order(string orderId, TimeSpan? dueIn = null)
        => new(_storeId, orderId, $"#{orderId}", 1499.50m, "PKR", "sealed-phone", "92300*****67", null, "pending", "call", _clock.GetUtcNow() + (dueIn ?? TimeSpan.Zero), null);

    private async Task<long> NewAsync(TimeSpan? dueIn = null)
        => (await _verifications.CreateAsync(Order($"o{Interlocked.Increment(ref _orders)}", dueIn), CancellationToken.None)).Record.Id;

    private async Task<long> PlacedAsync()
    {
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, _clock.GetUtcNow(), CancellationToken.None);
        var now = _clock.GetUtcNow();
        await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-1", now.AddMinutes(1), now.AddHours(4), CancellationToken.None);
        return id;
    }

    private async Task<VerificationRecord> GetAsync(long id) => (await _verifications.GetAsync(id, CancellationToken.None))!;
}
