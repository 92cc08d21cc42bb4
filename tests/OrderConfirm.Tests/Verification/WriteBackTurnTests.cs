using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.ConfirmLinks;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.Tests.Verification;

/// One write-back run at a time talks to the shop about a verification; these run the turn's conditional updates on a
/// real SQLite file.
public sealed class WriteBackTurnTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oc-unit-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private Database _database = null!;
    private VerificationRepository _verifications = null!;
    private WriteBackTurns _turns = null!;
    private long _storeId;

    public async Task InitializeAsync()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        _database = Database.Create(null, Path.Combine(_directory, "test.db"));
        await new SchemaMigrator(_database, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var protector = new SecretProtector(Options.Create(new EncryptionOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        _storeId = (await new StoreRepository(_database, protector, _clock).InsertAsync(new Store { Id = 0, Name = "Lahore Lawn", Platform = "custom" }, CancellationToken.None)).Id;
        _verifications = new VerificationRepository(_database, _clock);
        _turns = new WriteBackTurns(_verifications, new FixedOptionsMonitor<VerificationOptions>(new VerificationOptions { WriteBackLease = Lease }), _clock);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Only_one_run_has_the_turn_until_it_ends_or_runs_out()
    {
        var id = await UnreachableAsync();
        var row = await GetAsync(id);

        var first = await _turns.ClaimAsync(row, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await _turns.ClaimAsync(row, CancellationToken.None));
        Assert.Equal(_clock.GetUtcNow() + Lease, await _turns.HeldUntilAsync(id, CancellationToken.None));

        // Renewing before each request keeps it; a holder that stops renewing (it died) loses it to the next run.
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(await first.ProceedAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await _turns.ClaimAsync(row, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var second = await _turns.ClaimAsync(row, CancellationToken.None);
        Assert.NotNull(second);

        // The run that lost its turn sends nothing more and cannot record.
        Assert.False(await first.ProceedAsync(CancellationToken.None));
        Assert.False(await _verifications.CompleteWriteBackAsync(id, first, WriteBackState.Done, "late", CancellationToken.None));
        Assert.True(await _verifications.CompleteWriteBackAsync(id, second, WriteBackState.Done, "tagged", CancellationToken.None));
        Assert.Null(await _turns.HeldUntilAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task An_answer_by_link_stops_the_older_run_and_waits_for_it_to_let_go()
    {
        var id = await UnreachableAsync();
        var older = (await _turns.ClaimAsync(await GetAsync(id), CancellationToken.None))!;

        await AnswerByLinkAsync(id, "confirmed");
        var newer = await GetAsync(id);

        Assert.False(await older.ProceedAsync(CancellationToken.None));
        // The older run may still have a request at the shop until it lets go: the newer outcome waits.
        Assert.Null(await _turns.ClaimAsync(newer, CancellationToken.None));
        await _turns.ReleaseAsync(older, CancellationToken.None);
        var turn = await _turns.ClaimAsync(newer, CancellationToken.None);
        Assert.Equal("confirmed", turn?.Status);
    }

    [Fact]
    public async Task After_an_unanswered_request_the_same_outcome_goes_on_and_another_waits_for_the_shop_to_settle()
    {
        var id = await UnreachableAsync();
        var older = (await _turns.ClaimAsync(await GetAsync(id), CancellationToken.None))!;
        _turns.SettleAfterUnansweredRequest(older);
        Assert.True(await _verifications.RetryWriteBackLaterAsync(id, older, _clock.GetUtcNow(), "timed out", CancellationToken.None));

        // The retry of the same outcome is not held up by its own earlier request.
        var retry = await _turns.ClaimAsync(await GetAsync(id), CancellationToken.None);
        Assert.NotNull(retry);
        _turns.SettleAfterUnansweredRequest(retry);
        Assert.True(await _verifications.RetryWriteBackLaterAsync(id, retry, _clock.GetUtcNow(), "timed out", CancellationToken.None));

        await AnswerByLinkAsync(id, "confirmed");
        Assert.Null(await _turns.ClaimAsync(await GetAsync(id), CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(await _turns.ClaimAsync(await GetAsync(id), CancellationToken.None));
    }

    private async Task<long> UnreachableAsync()
    {
        var (row, _) = await _verifications.CreateAsync(
            new NewVerification(_storeId, Guid.NewGuid().ToString("N"), "#1001", 1499.50m, "PKR", "enc", "****4567", null, VerificationStatus.Pending, VerificationStep.Call, _clock.GetUtcNow(), null),
            CancellationToken.None);
        var started = await _verifications.BeginDialAsync(row.Id, 1, CancellationToken.None);
        await _verifications.RecordCallPlacedAsync(row.Id, started!.Value, "c-1", _clock.GetUtcNow(), _clock.GetUtcNow().AddHours(1), CancellationToken.None);
        Assert.True(await _verifications.FinishCallAsync(row.Id, "unreachable", Deciders.Call, 5, null, 3, "no answer", CancellationToken.None));
        return row.Id;
    }

    private async Task AnswerByLinkAsync(long id, string outcome)
    {
        var links = new ConfirmLinkRepository(_database, _clock);
        var hash = Guid.NewGuid().ToString("N");
        await links.CreateAsync(id, hash, _clock.GetUtcNow().AddDays(1), "Confirm link created", CancellationToken.None);
        var link = await links.FindAsync(hash, CancellationToken.None);
        Assert.True(await links.AnswerAsync(link!.Id, id, outcome, "Customer answered by link", CancellationToken.None));
    }

    private async Task<VerificationRecord> GetAsync(long id) => (await _verifications.GetAsync(id, CancellationToken.None))!;
}
