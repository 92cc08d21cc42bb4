using System.Data.Common;
using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.StoreUsers;

/// The store_users table. Every change to the lockout is one conditional update of the user's row, so two instances
/// on one database count the same failures and agree on the lock (ADR 0015).
public sealed class StoreUserRepository(Database database, TimeProvider clock)
{
    private const string Columns = "id, store_id, email, password_hash, created_at, password_changed_at, failed_attempts, locked_until, last_sign_in_at";

    /// The new user; or none, because the e-mail is already some store's login or the store is gone (deleted after the
    /// caller looked it up).
    public async Task<StoreUserInsert> InsertAsync(long storeId, string email, string passwordHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<StoreUserRow>(new CommandDefinition(
                $"""
                insert into store_users (store_id, email, password_hash, created_at, password_changed_at, failed_attempts)
                values (@storeId, @email, @passwordHash, @now, @now, 0)
                on conflict (email) do nothing
                returning {Columns}
                """,
                new { storeId, email, passwordHash, now },
                cancellationToken: cancellationToken));
            return new StoreUserInsert(row?.ToUser(), EmailTaken: row is null, StoreGone: false);
        }
        catch (DbException e) when (IsForeignKeyViolation(e))
        {
            return new StoreUserInsert(null, EmailTaken: false, StoreGone: true);
        }
    }

    public async Task<IReadOnlyList<StoreUser>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoreUserRow>(new CommandDefinition(
            $"select {Columns} from store_users where store_id = @storeId order by id", new { storeId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToUser())];
    }

    /// The user, only if it belongs to the store.
    public async Task<StoreUser?> GetAsync(long storeId, long userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoreUserRow>(new CommandDefinition(
            $"select {Columns} from store_users where id = @userId and store_id = @storeId", new { storeId, userId }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    public async Task<StoreUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoreUserRow>(new CommandDefinition(
            $"select {Columns} from store_users where email = @normalizedEmail", new { normalizedEmail }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    /// False when the store has no such user.
    public async Task<bool> DeleteAsync(long storeId, long userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from store_users where id = @userId and store_id = @storeId", new { storeId, userId }, cancellationToken: cancellationToken)) > 0;
    }

    /// The operator's reset: a new hash, and the lockout and its count cleared. False when the store has no such user.
    public async Task<bool> SetPasswordAsync(long storeId, long userId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update store_users set password_hash = @passwordHash, password_changed_at = @now, failed_attempts = 0, locked_until = null
            where id = @userId and store_id = @storeId
            """,
            new { storeId, userId, passwordHash, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken)) > 0;
    }

    /// Counts one wrong password, unless the account is locked (or gone): then null. Reaching maxFailedAttempts locks
    /// the account until lockedUntil and starts the count again. The count is read and written in one statement.
    public async Task<FailureCount?> RecordFailureAsync(long userId, int maxFailedAttempts, DateTimeOffset now, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FailureRow>(new CommandDefinition(
            """
            update store_users
            set failed_attempts = case when failed_attempts + 1 >= @maxFailedAttempts then 0 else failed_attempts + 1 end,
                locked_until = case when failed_attempts + 1 >= @maxFailedAttempts then @lockedUntil else null end
            where id = @userId and (locked_until is null or locked_until <= @now)
            returning failed_attempts, locked_until
            """,
            new { userId, maxFailedAttempts, now = now.ToMs(), lockedUntil = lockedUntil.ToMs() },
            cancellationToken: cancellationToken));
        return row is null ? null : new FailureCount(row.FailedAttempts, UnixTime.FromMs(row.LockedUntil));
    }

    /// Records a sign-in and clears the count, unless the account was locked (or deleted) meanwhile: then false.
    public async Task<bool> RecordSuccessAsync(long userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update store_users set failed_attempts = 0, locked_until = null, last_sign_in_at = @now
            where id = @userId and (locked_until is null or locked_until <= @now)
            """,
            new { userId, now = now.ToMs() },
            cancellationToken: cancellationToken)) > 0;
    }

    /// Replaces a hash in an older format by one of the current format, unless the password was changed meanwhile.
    public async Task<bool> ReplaceHashAsync(long userId, string oldHash, string newHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update store_users set password_hash = @newHash where id = @userId and password_hash = @oldHash",
            new { userId, oldHash, newHash },
            cancellationToken: cancellationToken)) > 0;
    }

    private static bool IsForeignKeyViolation(DbException e)
        => e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation }
            || (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } && e.Message.Contains("FOREIGN KEY", StringComparison.Ordinal));

    private sealed class StoreUserRow
    {
        public long Id { get; set; }

        public long StoreId { get; set; }

        public string Email { get; set; } = "";

        public string PasswordHash { get; set; } = "";

        public long CreatedAt { get; set; }

        public long PasswordChangedAt { get; set; }

        public int FailedAttempts { get; set; }

        public long? LockedUntil { get; set; }

        public long? LastSignInAt { get; set; }

        public StoreUser ToUser() => new(
            Id,
            StoreId,
            Email,
            PasswordHash,
            UnixTime.FromMs(CreatedAt),
            UnixTime.FromMs(PasswordChangedAt),
            FailedAttempts,
            UnixTime.FromMs(LockedUntil),
            UnixTime.FromMs(LastSignInAt));
    }

    private sealed class FailureRow
    {
        public int FailedAttempts { get; set; }

        public long? LockedUntil { get; set; }
    }
}

/// A store owner's login as stored. PasswordHash never leaves the feature.
public sealed record StoreUser(
    long Id,
    long StoreId,
    string Email,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordChangedAt,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastSignInAt);

/// What an insert came to: the user, or why there is none.
public sealed record StoreUserInsert(StoreUser? User, bool EmailTaken, bool StoreGone);

/// The count after a failure; LockedUntil is set when this failure locked the account.
public sealed record FailureCount(int FailedAttempts, DateTimeOffset? LockedUntil);
