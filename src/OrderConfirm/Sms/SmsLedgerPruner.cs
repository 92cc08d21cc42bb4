using Dapper;
using Microsoft.Extensions.Options;
using OrderConfirm.Storage;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

/// The SMS ledger (sms_messages) is the at-most-once guard of every text: a row may go only when nothing can claim
/// that (verification, event) again, that is once its verification is finished and has not changed for
/// Sms:KeepMessagesFor (FinishedVerifications). An sms_due row of such a verification is dead as well: it has waited
/// longer than Sms:MaxAge can be, so its run would only drop it.
public sealed class SmsLedgerPruner(Database database, IOptionsMonitor<SmsOptions> options) : IRetentionPruner
{
    internal const int BatchSize = 2000;

    public string What => "SMS ledger rows";

    public string KeepKey => "Sms:KeepMessagesFor";

    public TimeSpan Keep => options.CurrentValue.KeepMessagesFor;

    public async Task<PrunedBatch> DeleteBatchAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The oldest rows first (ix_sms_messages_created): a row made after the cutoff waits for a later run even when
        // its verification is old enough, and the rows of verifications still alive are passed over.
        var messages = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            delete from sms_messages
            where id in (
                select m.id from sms_messages m
                join verifications v on v.id = m.verification_id
                where m.created_at <= @cutoff and {FinishedVerifications.Sql}
                order by m.created_at
                limit @limit)
            """,
            new { cutoff = cutoff.ToMs(), limit = BatchSize },
            cancellationToken: cancellationToken));
        // sms_due holds only what is still to send (a run deletes its row), so it is small and read whole.
        var due = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            delete from sms_due
            where (verification_id, event) in (
                select d.verification_id, d.event from sms_due d
                join verifications v on v.id = d.verification_id
                where d.created_at <= @cutoff and {FinishedVerifications.Sql}
                limit @limit)
            """,
            new { cutoff = cutoff.ToMs(), limit = BatchSize },
            cancellationToken: cancellationToken));
        return new PrunedBatch(messages + due, messages == BatchSize || due == BatchSize);
    }
}
