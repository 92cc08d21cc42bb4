using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.RoboCall;

public sealed record RoboCallAccountState(string KeyFingerprint, long? OutOfBalanceAt, long? RejectedAt, long? CheckedAt);

// What we learnt about each Robo Call key (by fingerprint): out of balance (402) pauses dialing with that key until
// check_balance shows money again; rejected (401) is shown on the store until its key changes.
public sealed class RoboCallAccounts(Database database, TimeProvider clock)
{
    public async Task<RoboCallAccountState?> GetAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RoboCallAccountState>(new CommandDefinition(
            "select key_fingerprint, out_of_balance_at, rejected_at, checked_at from robocall_accounts where key_fingerprint = @fingerprint",
            new { fingerprint },
            cancellationToken: cancellationToken));
    }

    public Task MarkOutOfBalanceAsync(string fingerprint, CancellationToken cancellationToken)
        => UpsertAsync(fingerprint, "out_of_balance_at = @now, checked_at = @now", "@now, null, @now", cancellationToken);

    public Task MarkRejectedAsync(string fingerprint, CancellationToken cancellationToken)
        => UpsertAsync(fingerprint, "rejected_at = @now", "null, @now, null", cancellationToken);

    public Task MarkCheckedAsync(string fingerprint, CancellationToken cancellationToken)
        => UpsertAsync(fingerprint, "checked_at = @now", "null, null, @now", cancellationToken);

    // A successful dial or balance check proves the key works and has money.
    public async Task ClearAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update robocall_accounts set out_of_balance_at = null, rejected_at = null, checked_at = @now, updated_at = @now where key_fingerprint = @fingerprint and (out_of_balance_at is not null or rejected_at is not null)",
            new { fingerprint, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }

    private async Task UpsertAsync(string fingerprint, string set, string insertValues, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            insert into robocall_accounts (key_fingerprint, out_of_balance_at, rejected_at, checked_at, updated_at)
            values (@fingerprint, {insertValues}, @now)
            on conflict (key_fingerprint) do update set {set}, updated_at = @now
            """,
            new { fingerprint, now = clock.GetUtcNow().ToMs() },
            cancellationToken: cancellationToken));
    }
}
