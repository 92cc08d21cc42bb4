using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// The state machine is a set of conditional updates; these run them on a real SQLite file (the embedded mode).
public sealed partial class VerificationRepositoryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oc-unit-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private Database _database = null!;
    private VerificationRepository _verifications = null!;
    private WriteBackTurns _turns = null!;
    private SecretProtector _protector = null!;
    private long _storeId;
    private int _orders;

    public async Task InitializeAsync()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        _database = Database.Create(null, Path.Combine(_directory, "test.db"));
        await new SchemaMigrator(_database, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        _protector = new SecretProtector(Options.Create(new EncryptionOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        var store = await new StoreRepository(_database, _protector, _clock).InsertAsync(new Store { Id = 0, Name = "Lahore Lawn", Platform = "custom" }, CancellationToken.None);
        _storeId = store.Id;
        _verifications = new VerificationRepository(_database, _clock);
        _turns = new WriteBackTurns(_verifications, new FixedOptionsMonitor<VerificationOptions>(new VerificationOptions()), _clock);
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
    public async Task Final_outcome_moves_to_write_back_exactly_once()
    {
        var id = await PlacedAsync();

        Assert.True(await _verifications.FinishCallAsync(id, "confirmed", Deciders.Call, 2, 1, 0, "pressed 1", CancellationToken.None));
        Assert.False(await _verifications.FinishCallAsync(id, "cancelled", Deciders.Call, 2, 2, 0, "pressed 2", CancellationToken.None));
        var row = await GetAsync(id);
        Assert.Equal(("confirmed", "apply", "confirmed", "pending"), (row.Status, row.Step, row.Outcome, row.WriteBack));

        var turn = await TurnAsync(id);
        Assert.True(await _verifications.CompleteWriteBackAsync(id, turn, "done", "tagged", CancellationToken.None));
        Assert.False(await _verifications.CompleteWriteBackAsync(id, turn, "done", "tagged", CancellationToken.None));
        Assert.Equal(("confirmed", "done"), ((await GetAsync(id)).Status, (await GetAsync(id)).Step));
    }

    [Fact]
    public async Task A_write_back_of_an_outcome_that_changed_meanwhile_does_not_close_the_row()
    {
        var id = await PlacedAsync();
        await _verifications.FinishCallAsync(id, "unreachable", Deciders.Call, 5, null, 3, "no answer", CancellationToken.None);
        var turn = await TurnAsync(id);
        // An answer by link lands while the unreachable outcome is being written back.
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"update verifications set status = 'confirmed', outcome = 'confirmed', decided_by = 'link' where id = {id}";
            await command.ExecuteNonQueryAsync();
        }

        Assert.False(await _verifications.CompleteWriteBackAsync(id, turn, "done", "tagged unreachable", CancellationToken.None));
        Assert.False(await _verifications.RetryWriteBackLaterAsync(id, turn, _clock.GetUtcNow(), "retry", CancellationToken.None));
        Assert.False(await _verifications.WaitWriteBackAsync(id, turn, _clock.GetUtcNow(), "throttled", CancellationToken.None));
        Assert.False(await _verifications.FailWriteBackAsync(id, turn, "refused", CancellationToken.None));
        Assert.Equal(("confirmed", "apply", "pending"), ((await GetAsync(id)).Status, (await GetAsync(id)).Step, (await GetAsync(id)).WriteBack));
        await _turns.ReleaseAsync(turn, CancellationToken.None);
        Assert.True(await _verifications.CompleteWriteBackAsync(id, await TurnAsync(id), "done", "tagged confirmed", CancellationToken.None));
    }

    [Fact]
    public async Task Failed_write_back_keeps_the_outcome_and_can_be_retried()
    {
        var id = await PlacedAsync();
        await _verifications.FinishCallAsync(id, "cancelled", Deciders.Call, 2, 2, 0, "pressed 2", CancellationToken.None);

        Assert.True(await _verifications.FailWriteBackAsync(id, await TurnAsync(id), "token revoked", CancellationToken.None));
        var failed = await GetAsync(id);
        Assert.Equal(("needs-attention", "cancelled", "failed"), (failed.Status, failed.Outcome, failed.WriteBack));
        Assert.False(await _verifications.RedialAsync(id, _clock.GetUtcNow(), CancellationToken.None)); // the customer answered

        Assert.True(await _verifications.RetryWriteBackAsync(id, CancellationToken.None));
        Assert.Equal(("cancelled", "apply"), ((await GetAsync(id)).Status, (await GetAsync(id)).Step));
    }

    [Fact]
    public async Task Sweeper_query_finds_dials_stuck_without_a_call_id_only()
    {
        var stuck = await NewAsync();
        await _verifications.BeginDialAsync(stuck, 1, CancellationToken.None);
        await PlacedAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var justDialing = await NewAsync();
        await _verifications.BeginDialAsync(justDialing, 1, CancellationToken.None);

        var stuckDials = await _verifications.StuckDialsAsync(_clock.GetUtcNow().AddMinutes(-5), CancellationToken.None);

        Assert.Equal([stuck], stuckDials); // neither the placed call nor the recent dial
    }

    [Fact]
    public async Task Retention_erases_phone_and_name_of_finished_rows_older_than_the_cutoff_only()
    {
        var oldFinished = await NewAsync();
        await _verifications.StopAsync(oldFinished, "Stopped by an operator before the call", CancellationToken.None);
        var stillPending = await NewAsync();
        _clock.Advance(TimeSpan.FromDays(31));
        var recentFinished = await NewAsync();
        await _verifications.StopAsync(recentFinished, "Stopped by an operator before the call", CancellationToken.None);

        var erased = await _verifications.EraseExpiredPersonalDataAsync(_clock.GetUtcNow() - TimeSpan.FromDays(30), 100, "erased after the retention period", CancellationToken.None);

        Assert.Equal(1, erased);
        var old = (await _verifications.GetAsync(oldFinished, CancellationToken.None))!;
        Assert.Null(old.Phone);
        Assert.Null(old.PhoneMasked);
        Assert.Null(old.CustomerName);
        Assert.Equal("skipped", old.Status); // the outcome and the order stay
        Assert.Equal("#" + old.OrderId, old.OrderName);
        Assert.Equal("redacted", (await _verifications.TimelineAsync(oldFinished, CancellationToken.None))[^1].Kind);
        Assert.NotNull((await _verifications.GetAsync(stillPending, CancellationToken.None))!.Phone); // still needs its call
        Assert.NotNull((await _verifications.GetAsync(recentFinished, CancellationToken.None))!.Phone);
        Assert.Equal(0, await _verifications.EraseExpiredPersonalDataAsync(_clock.GetUtcNow() - TimeSpan.FromDays(30), 100, "again", CancellationToken.None));
    }

    // SQLite serialises writers; a transition may wait for the write lock. The time it records must be the time it
    // took the lock, or a dial that waited would look older than it is to the sweeper's stuck-dial rule.
    [Fact]
    public async Task A_transition_records_the_time_it_got_the_write_lock_not_when_it_started_waiting()
    {
        var verifications = new VerificationRepository(_database, TimeProvider.System);
        var id = (await verifications.CreateAsync(Order("lock-1") with { DueAt = DateTimeOffset.UtcNow }, CancellationToken.None)).Record.Id;
        await using var holder = new SqliteConnection($"Data Source={Path.Combine(_directory, "test.db")}");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "begin immediate";
            await begin.ExecuteNonQueryAsync();
        }

        var claim = Task.Run(() => verifications.BeginDialAsync(id, 1, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var released = DateTimeOffset.UtcNow;
        await using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "commit";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.NotNull(await claim);
        var started = (await verifications.GetAsync(id, CancellationToken.None))!.DialStartedAt!.Value;
        Assert.True(started >= released.ToMs() - 100, $"dial_started_at is {released.ToMs() - started} ms before the lock was released");
    }

    private NewVerification Order(string orderId, TimeSpan? dueIn = null)
        => new(_storeId, orderId, $"#{orderId}", 1499.50m, "PKR", "sealed-phone", "********4567", "sealed-name", "pending", "call", _clock.GetUtcNow() + (dueIn ?? TimeSpan.Zero), null);

    private async Task<long> NewAsync(TimeSpan? dueIn = null)
        => (await _verifications.CreateAsync(Order($"o{Interlocked.Increment(ref _orders)}", dueIn), CancellationToken.None)).Record.Id;

    private async Task<long> PlacedAsync()
    {
        var id = await NewAsync();
        await _verifications.BeginDialAsync(id, 1, CancellationToken.None);
        var now = _clock.GetUtcNow();
        await _verifications.RecordCallPlacedAsync(id, _clock.GetUtcNow(), "c-1", now.AddMinutes(1), now.AddHours(4), CancellationToken.None);
        return id;
    }

    private async Task<WriteBackTurn> TurnAsync(long id)
        => await _turns.ClaimAsync(await GetAsync(id), CancellationToken.None) ?? throw new InvalidOperationException("the write-back turn is taken");

    private async Task<VerificationRecord> GetAsync(long id) => (await _verifications.GetAsync(id, CancellationToken.None))!;
}
