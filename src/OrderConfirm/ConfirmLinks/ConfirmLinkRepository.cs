using System.Data.Common;
using Dapper;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.ConfirmLinks;

public sealed class ConfirmLinkRepository(Database database, TimeProvider clock)
{
    // The states a customer's answer may still land on: nobody answered and no call is running. Any other state (a call
    // in progress, an answer already given, a closed order) leaves the row untouched. Kept in SQL so the check and the
    // change are one statement, which is what makes a link answer and a dial safe against each other.
    private const string AcceptsAnswer = """
        ((step = 'call' and status = 'pending')
         or (step in ('apply', 'done') and status in ('unreachable', 'no-input'))
         or (step = 'done' and status = 'needs-attention' and outcome is null))
        and not exists (select 1 from shop_orders o
                        where o.store_id = verifications.store_id and o.order_id = verifications.order_id
                          and o.closed_reason is not null)
        """;

    public async Task CreateAsync(long verificationId, string tokenHash, DateTimeOffset expiresAt, string message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToMs();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into confirm_links (verification_id, token_hash, expires_at, created_at)
            values (@verificationId, @tokenHash, @expiresAt, @now)
            """,
            new { verificationId, tokenHash, expiresAt = expiresAt.ToMs(), now },
            transaction,
            cancellationToken: cancellationToken));
        await InsertEventAsync(connection, transaction, verificationId, message, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> CanTakeAnswerAsync(long verificationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"select count(*) from verifications where id = @verificationId and (step in ('dialing', 'poll') or ({AcceptsAnswer}))",
            new { verificationId },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<ConfirmLinkRow?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ConfirmLinkRow>(new CommandDefinition(
            """
            select l.id, l.verification_id, l.expires_at, l.used_at, l.answer, v.store_id, v.order_name, v.amount, v.currency,
                   v.status, v.step, v.outcome
            from confirm_links l join verifications v on v.id = l.verification_id
            where l.token_hash = @tokenHash
            """,
            new { tokenHash },
            cancellationToken: cancellationToken));
    }

    // Spends the link and gives the verification its outcome in one transaction: both conditional, so a second use of
    // the link, another link for the same order, or a dial that claimed the row first each leave everything as it was.
    public async Task<bool> AnswerAsync(long linkId, long verificationId, string outcome, string message, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToMs();
        var spent = await connection.ExecuteAsync(new CommandDefinition(
            "update confirm_links set used_at = @now, answer = @outcome where id = @linkId and used_at is null and expires_at > @now",
            new { linkId, outcome, now },
            transaction,
            cancellationToken: cancellationToken));
        var decided = spent == 1 && await connection.ExecuteAsync(new CommandDefinition(
            $"""
            update verifications set status = @outcome, outcome = @outcome, decided_by = @decider, step = 'apply', due_at = @now,
                job_id = null, write_back = 'pending', write_back_attempts = 0, reason = null, updated_at = @now
            where id = @verificationId and {AcceptsAnswer}
            """,
            new { verificationId, outcome, decider = Deciders.Link, now },
            transaction,
            cancellationToken: cancellationToken)) == 1;
        if (!decided)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await InsertEventAsync(connection, transaction, verificationId, message, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Task<int> InsertEventAsync(DbConnection connection, DbTransaction transaction, long id, string message, long now, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "insert into verification_events (verification_id, at, kind, message) values (@id, @now, 'link', @message)",
            new { id, now, message },
            transaction,
            cancellationToken: cancellationToken));
}
