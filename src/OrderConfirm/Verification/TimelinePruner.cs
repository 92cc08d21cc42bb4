using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using OrderConfirm.Storage;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

/// The timeline is the merchant's record of what happened to an order, so it is kept long (Verification:KeepTimelineFor,
/// 180 days), and then deleted a verification at a time, all its entries in one statement: a timeline is whole or gone,
/// never cut in half. The verification row itself (outcome, order name, call id) stays.
public sealed class TimelinePruner(Database database, IOptionsMonitor<VerificationOptions> options) : IRetentionPruner
{
    // Entries looked at a batch; a verification has a handful to a few dozen, so a batch deletes a few thousand rows.
    internal const int EntriesPerBatch = 200;

    public string What => "timeline entries";

    public string KeepKey => "Verification:KeepTimelineFor";

    public TimeSpan Keep => options.CurrentValue.TimelineKeptFor;

    public async Task<PrunedBatch> DeleteBatchAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The oldest entries first (ix_verification_events_at): a verification old enough to go has all its entries up
        // to its last change at or before the cutoff, its first among them. Those of a row still alive are passed over.
        var found = (await connection.QueryAsync<long>(new CommandDefinition(
            $"""
            select e.verification_id from verification_events e
            where e.at <= @cutoff
              and exists (select 1 from verifications v where v.id = e.verification_id and {FinishedVerifications.Sql})
            order by e.at
            limit @limit
            """,
            new { cutoff = cutoff.ToMs(), limit = EntriesPerBatch },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        if (found.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new PrunedBatch(0, false);
        }

        // Numbers read from the table, written inline: the one list syntax both engines and Dapper agree on.
        var ids = string.Join(",", found.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture)));
        if (database.Kind == DatabaseKind.PostgreSql)
        {
            // Holds the rows until the delete commits: a transition (a link answer, an operator's redial) waits and
            // then writes its entry into an empty timeline, instead of losing the older half of a timeline that lives on.
            await connection.ExecuteAsync(new CommandDefinition(
                $"select id from verifications where id in ({ids}) order by id for update",
                null,
                transaction,
                cancellationToken: cancellationToken));
        }

        // The condition again, now that the rows are held (SQLite: one writer, the statement itself is the lock).
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            delete from verification_events
            where verification_id in (select v.id from verifications v where v.id in ({ids}) and {FinishedVerifications.Sql})
            """,
            new { cutoff = cutoff.ToMs() },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new PrunedBatch(deleted, found.Count == EntriesPerBatch);
    }
}
