using Dapper;
using Microsoft.Extensions.Options;
using OrderConfirm.Storage;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;

namespace OrderConfirm.WooCommerce;

/// The note ledger (woocommerce_notes) keeps an outcome note from being posted twice. Only a write-back posts one, and
/// a write-back runs only in the apply step, or after an operator's retry from needs-attention; so a row may go once
/// its verification is finished and has not changed for WooCommerce:KeepNoteLedgerFor (FinishedVerifications). A
/// verification that comes back to life later (a link answer, a redial) gets a new outcome or a new call, hence a new
/// marker. Rows whose verification is gone (the table has no foreign key; a store deleted, shop/redact) go too.
public sealed class WooCommerceNoteLedgerPruner(Database database, IOptionsMonitor<WooCommerceOptions> options) : IRetentionPruner
{
    internal const int BatchSize = 2000;

    public string What => "WooCommerce note ledger rows";

    public string KeepKey => "WooCommerce:KeepNoteLedgerFor";

    public TimeSpan Keep => options.CurrentValue.KeepNoteLedgerFor;

    public async Task<PrunedBatch> DeleteBatchAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The oldest claims first (ix_woocommerce_notes_claimed); the rows of verifications still alive are passed over.
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            delete from woocommerce_notes
            where (verification_id, marker) in (
                select n.verification_id, n.marker from woocommerce_notes n
                left join verifications v on v.id = n.verification_id
                where n.claimed_at <= @cutoff and (v.id is null or ({FinishedVerifications.Sql}))
                order by n.claimed_at
                limit @limit)
            """,
            new { cutoff = cutoff.ToMs(), limit = BatchSize },
            cancellationToken: cancellationToken));
        return new PrunedBatch(deleted, deleted == BatchSize);
    }
}
