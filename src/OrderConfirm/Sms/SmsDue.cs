using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Sms;

// A class, not a positional record: PostgreSQL gives the integer column as int, SQLite as long.
public sealed class SmsDueRow
{
    public long VerificationId { get; set; }

    public string Event { get; set; } = "";

    public long DueAt { get; set; }

    public int Redrives { get; set; }

    public long Version { get; set; }
}

/// The SMS that should go out and have not been handled yet (sms_due). Adding is idempotent; the job removes its row
/// when it has run and moves it when the SMS waits. Every write gives the row a new random version, and a run removes
/// only the version it read when it started: a duplicate run that found the send in flight cannot remove the row that
/// the run owning the send has moved, and a move re-creates a row that such a run removed a moment before.
public sealed class SmsDue(Database database, TimeProvider clock)
{
    public async Task AddAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await AddAsync(connection, null, verificationId, smsEvent, clock.GetUtcNow().ToMs(), cancellationToken);
    }

    // For callers that record the SMS in the same transaction as what makes it due.
    public static Task AddAsync(DbConnection connection, DbTransaction? transaction, long verificationId, string smsEvent, long now, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            """
            insert into sms_due (verification_id, event, due_at, redrives, created_at, version) values (@verificationId, @smsEvent, @now, 0, @now, @version)
            on conflict (verification_id, event) do nothing
            """,
            new { verificationId, smsEvent, now, version = NewVersion() },
            transaction,
            cancellationToken: cancellationToken));

    /// The row's version now, for a run to remember when it starts; null when there is no row.
    public async Task<long?> VersionAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select version from sms_due where verification_id = @verificationId and event = @smsEvent",
            new { verificationId, smsEvent },
            cancellationToken: cancellationToken));
    }

    /// The SMS waits until dueAt. An upsert: a duplicate run may have removed the row in the version it read while this
    /// run's send was in flight, and the waiting SMS must still be found again after a restart.
    public async Task MoveAsync(long verificationId, string smsEvent, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into sms_due (verification_id, event, due_at, redrives, created_at, version) values (@verificationId, @smsEvent, @dueAt, 0, @now, @version)
            on conflict (verification_id, event) do update set due_at = @dueAt, redrives = 0, version = @version
            """,
            new { verificationId, smsEvent, dueAt = dueAt.ToMs(), now = clock.GetUtcNow().ToMs(), version = NewVersion() },
            cancellationToken: cancellationToken));
    }

    /// Removes the row in the version the caller read, and no other (a null version: there was no row to own).
    public async Task DoneAsync(long verificationId, string smsEvent, long? version, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from sms_due where verification_id = @verificationId and event = @smsEvent and version = @version",
            new { verificationId, smsEvent, version },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SmsDueRow>> OverdueAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SmsDueRow>(new CommandDefinition(
            "select verification_id, event, due_at, redrives, version from sms_due where due_at < @before order by due_at limit @limit",
            new { before = before.ToMs(), limit },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// Takes up to limit rows whose time has come for a batch run: their time moves to leaseUntil, so neither another
    /// batch run nor the sweep takes them meanwhile, and comes back by itself should this run die. The version stays:
    /// the run removes (or moves) the version it took, and a single job already holding it still owns it too. On
    /// PostgreSQL, SKIP LOCKED lets two instances take disjoint rows; SQLite has one writer.
    public async Task<IReadOnlyList<SmsDueRow>> LeaseAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        var lockClause = database.Kind == DatabaseKind.PostgreSql ? "for update skip locked" : "";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SmsDueRow>(new CommandDefinition(
            $"""
            update sms_due set due_at = @leaseUntil
            where (verification_id, event) in (
                select verification_id, event from sms_due where due_at <= @now order by due_at limit @limit {lockClause})
            returning verification_id, event, due_at, redrives, version
            """,
            new { now = now.ToMs(), leaseUntil = leaseUntil.ToMs(), limit },
            cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.VerificationId).ToList();
    }

    /// Moves an overdue row on and counts the re-drive; false when another sweeper (or the job) got there first. The
    /// version stays: the sweep only queues a job, and a run that is merely slow still owns the row it read.
    public async Task<bool> TakeAsync(SmsDueRow row, DateTimeOffset nextDueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update sms_due set due_at = @next, redrives = redrives + 1
            where verification_id = @VerificationId and event = @Event and due_at = @DueAt
            """,
            new { row.VerificationId, row.Event, row.DueAt, next = nextDueAt.ToMs() },
            cancellationToken: cancellationToken)) == 1;
    }

    // Random, so a row removed and written again never comes back in a version some older run still holds.
    private static long NewVersion() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))) & long.MaxValue;
}
