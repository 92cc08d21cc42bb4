using System.Data.Common;
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
}

/// The SMS that should go out and have not been handled yet (sms_due). Adding is idempotent; the job removes its row
/// when it has run and moves it when the SMS waits.
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
            insert into sms_due (verification_id, event, due_at, redrives, created_at) values (@verificationId, @smsEvent, @now, 0, @now)
            on conflict (verification_id, event) do nothing
            """,
            new { verificationId, smsEvent, now },
            transaction,
            cancellationToken: cancellationToken));

    public async Task MoveAsync(long verificationId, string smsEvent, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update sms_due set due_at = @dueAt, redrives = 0 where verification_id = @verificationId and event = @smsEvent",
            new { verificationId, smsEvent, dueAt = dueAt.ToMs() },
            cancellationToken: cancellationToken));
    }

    public async Task DoneAsync(long verificationId, string smsEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from sms_due where verification_id = @verificationId and event = @smsEvent",
            new { verificationId, smsEvent },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SmsDueRow>> OverdueAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SmsDueRow>(new CommandDefinition(
            "select verification_id, event, due_at, redrives from sms_due where due_at < @before order by due_at limit @limit",
            new { before = before.ToMs(), limit },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// Moves an overdue row on and counts the re-drive; false when another sweeper (or the job) got there first.
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
}
