using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.StoreUsers;

namespace OrderConfirm.Tests.StoreUsers;

/// The sign-in check on a real SQLite file (the embedded mode), with the real Identity hasher and a fake clock.
public sealed class StoreUserSignInTests : IAsyncLifetime
{
    private const string Email = "owner@lahore-lawn.pk";
    private const string Password = "green-tea-at-noon-42";
    private const string Wrong = "not-the-password-42";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oc-unit-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private readonly CountingHasher _hasher = new();
    private readonly StoreUserOptions _options = new() { MaxFailedAttempts = 3, LockoutFor = TimeSpan.FromMinutes(15) };
    private Database _database = null!;
    private StoreUserRepository _users = null!;
    private StoreUserSignIn _signIn = null!;
    private long _storeId;

    public async Task InitializeAsync()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        _database = Database.Create(null, Path.Combine(_directory, "test.db"));
        await new SchemaMigrator(_database, Options.Create(new StorageOptions()), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var protector = new SecretProtector(Options.Create(new EncryptionOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        _storeId = (await new StoreRepository(_database, protector, _clock).InsertAsync(new Store { Id = 0, Name = "Lahore Lawn", Platform = "custom" }, CancellationToken.None)).Id;
        _users = new StoreUserRepository(_database, _clock);
        _signIn = new StoreUserSignIn(_users, _hasher, new FixedOptionsMonitor<StoreUserOptions>(_options), _clock, NullLogger<StoreUserSignIn>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_stored_hash_is_not_the_password_and_the_password_signs_in()
    {
        var user = await CreateAsync();

        var stored = (await _users.FindByEmailAsync(Email, CancellationToken.None))!;
        var result = await _signIn.SignInAsync("  Owner@Lahore-Lawn.PK ", Password, CancellationToken.None);

        Assert.DoesNotContain(Password, stored.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(stored.PasswordHash)[0]); // the V3 format marker
        Assert.Equal(new StoreUserSignInResult.Accepted(user.Id, _storeId, Email), result);
        Assert.Equal(_clock.GetUtcNow(), (await _users.FindByEmailAsync(Email, CancellationToken.None))!.LastSignInAt);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_are_both_refused()
    {
        await CreateAsync();

        Assert.IsType<StoreUserSignInResult.Refused>(await _signIn.SignInAsync(Email, Wrong, CancellationToken.None));
        Assert.IsType<StoreUserSignInResult.Refused>(await _signIn.SignInAsync("nobody@lahore-lawn.pk", Password, CancellationToken.None));
        Assert.IsType<StoreUserSignInResult.Refused>(await _signIn.SignInAsync("", "", CancellationToken.None));
    }

    [Fact]
    public async Task The_account_locks_after_the_last_allowed_failure_and_checks_no_password_while_locked()
    {
        await CreateAsync();

        Assert.IsType<StoreUserSignInResult.Refused>(await _signIn.SignInAsync(Email, Wrong, CancellationToken.None));
        Assert.IsType<StoreUserSignInResult.Refused>(await _signIn.SignInAsync(Email, Wrong, CancellationToken.None));
        var third = await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(14));
        var rightWhileLocked = await _signIn.SignInAsync(Email, Password, CancellationToken.None);

        var until = new DateTimeOffset(2026, 12, 4, 10, 15, 0, TimeSpan.Zero);
        Assert.Equal(new StoreUserSignInResult.LockedOut(until), third);
        Assert.Equal(new StoreUserSignInResult.LockedOut(until), rightWhileLocked);
        Assert.Equal(until, (await _users.FindByEmailAsync(Email, CancellationToken.None))!.LockedUntil);
    }

    [Fact]
    public async Task A_locked_account_has_no_password_checked_and_counts_no_failure()
    {
        await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        }

        var checkedBefore = _hasher.Verifications;
        var right = await _signIn.SignInAsync(Email, Password, CancellationToken.None);
        var wrong = await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);

        Assert.IsType<StoreUserSignInResult.LockedOut>(right);
        Assert.IsType<StoreUserSignInResult.LockedOut>(wrong);
        Assert.Equal(checkedBefore, _hasher.Verifications);
        Assert.Equal(0, (await _users.FindByEmailAsync(Email, CancellationToken.None))!.FailedAttempts);
    }

    [Fact]
    public async Task An_unknown_email_costs_a_password_verification_like_a_known_one()
    {
        await CreateAsync();

        await _signIn.SignInAsync("nobody@lahore-lawn.pk", Password, CancellationToken.None);
        await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);

        Assert.Equal(2, _hasher.Verifications);
    }

    [Fact]
    public async Task The_lock_ends_after_the_lockout_period()
    {
        await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromMinutes(15));

        Assert.IsType<StoreUserSignInResult.Accepted>(await _signIn.SignInAsync(Email, Password, CancellationToken.None));
        var after = (await _users.FindByEmailAsync(Email, CancellationToken.None))!;
        Assert.Null(after.LockedUntil);
        Assert.Equal(0, after.FailedAttempts);
    }

    [Fact]
    public async Task A_success_starts_the_count_of_failures_again()
    {
        await CreateAsync();

        await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        Assert.IsType<StoreUserSignInResult.Accepted>(await _signIn.SignInAsync(Email, Password, CancellationToken.None));
        var first = await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        var second = await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);

        Assert.IsType<StoreUserSignInResult.Refused>(first);
        Assert.IsType<StoreUserSignInResult.Refused>(second);
        Assert.Equal(2, (await _users.FindByEmailAsync(Email, CancellationToken.None))!.FailedAttempts);
    }

    [Fact]
    public async Task An_operator_reset_clears_the_lock()
    {
        var user = await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await _signIn.SignInAsync(Email, Wrong, CancellationToken.None);
        }

        Assert.True(await _users.SetPasswordAsync(_storeId, user.Id, _hasher.HashPassword(user, "a-brand-new-password"), CancellationToken.None));

        Assert.IsType<StoreUserSignInResult.Accepted>(await _signIn.SignInAsync(Email, "a-brand-new-password", CancellationToken.None));
        Assert.IsType<StoreUserSignInResult.Refused>(await _signIn.SignInAsync(Email, Password, CancellationToken.None));
    }

    [Fact]
    public async Task A_hash_in_the_old_v2_format_is_replaced_by_a_v3_hash_at_the_next_sign_in()
    {
        var v2 = new PasswordHasher<StoreUser>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var oldHash = v2.HashPassword(null!, Password);
        Assert.Equal(0x00, Convert.FromBase64String(oldHash)[0]);
        Assert.NotNull((await _users.InsertAsync(_storeId, Email, oldHash, CancellationToken.None)).User);

        var result = await _signIn.SignInAsync(Email, Password, CancellationToken.None);

        var newHash = (await _users.FindByEmailAsync(Email, CancellationToken.None))!.PasswordHash;
        Assert.IsType<StoreUserSignInResult.Accepted>(result);
        Assert.NotEqual(oldHash, newHash);
        Assert.Equal(0x01, Convert.FromBase64String(newHash)[0]);
        Assert.Equal(PasswordVerificationResult.Success, _hasher.VerifyHashedPassword(null!, newHash, Password));
        Assert.IsType<StoreUserSignInResult.Accepted>(await _signIn.SignInAsync(Email, Password, CancellationToken.None));
    }

    [Fact]
    public async Task A_session_ends_when_its_login_is_reset_deleted_or_asked_for_another_store()
    {
        var user = await CreateAsync();
        var sessions = new StoreUserSessions(_users);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var signedInAt = _clock.GetUtcNow();

        Assert.True(await sessions.IsCurrentAsync(user.Id, _storeId, signedInAt, CancellationToken.None));
        Assert.False(await sessions.IsCurrentAsync(user.Id, _storeId + 1, signedInAt, CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _users.SetPasswordAsync(_storeId, user.Id, _hasher.HashPassword(user, "a-brand-new-password"), CancellationToken.None);
        Assert.False(await sessions.IsCurrentAsync(user.Id, _storeId, signedInAt, CancellationToken.None));
        Assert.True(await sessions.IsCurrentAsync(user.Id, _storeId, _clock.GetUtcNow(), CancellationToken.None));

        await _users.DeleteAsync(_storeId, user.Id, CancellationToken.None);
        Assert.False(await sessions.IsCurrentAsync(user.Id, _storeId, _clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task An_email_is_one_login_across_all_stores()
    {
        await CreateAsync();

        var again = await _users.InsertAsync(_storeId, Email, _hasher.HashPassword(null!, Password), CancellationToken.None);

        Assert.Equal(new StoreUserInsert(null, EmailTaken: true, StoreGone: false), again);
    }

    [Fact]
    public async Task A_login_for_a_store_deleted_meanwhile_is_not_inserted_and_says_so()
    {
        var inserted = await _users.InsertAsync(_storeId + 1000, "late@lahore-lawn.pk", _hasher.HashPassword(null!, Password), CancellationToken.None);

        Assert.Equal(new StoreUserInsert(null, EmailTaken: false, StoreGone: true), inserted);
    }

    private async Task<StoreUser> CreateAsync()
        => (await _users.InsertAsync(_storeId, Email, _hasher.HashPassword(null!, Password), CancellationToken.None)).User!;

    /// The real hasher, counting how many passwords it verified.
    private sealed class CountingHasher : PasswordHasher<StoreUser>
    {
        public int Verifications { get; private set; }

        public override PasswordVerificationResult VerifyHashedPassword(StoreUser user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
