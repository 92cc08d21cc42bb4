using Dapper;
using OrderConfirm.Sms;
using OrderConfirm.Storage;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Verification;

// Intake (docs/verification-states.md, "Intake"): an order from any source becomes one verification row, waiting for
// its call or finished at once (skipped, invalid-phone). The insert is the only way a row comes to exist.
public sealed partial class VerificationRepository
{
    // Inserts unless the store already has a verification for this order; returns the row and whether it is new.
    public async Task<(VerificationRecord Record, bool Created)> CreateAsync(NewVerification v, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row as this insert wrote it, not as a later read finds it: another instance's step runner may claim and
        // dial a due row the moment it is committed, and the caller decides by the status it created (tag or hold
        // the order at intake only when it is pending).
        var record = await connection.QuerySingleOrDefaultAsync<VerificationRecord>(new CommandDefinition(
            $"""
            insert into verifications (store_id, order_id, order_name, amount, currency, phone, phone_masked, customer_name,
                                       status, step, due_at, reason, write_back, trace_parent, created_at, updated_at)
            values (@StoreId, @OrderId, @OrderName, @Amount, @Currency, @Phone, @PhoneMasked, @CustomerName,
                    @Status, @Step, @dueAt, @Reason, null, @traceParent, @now, @now)
            on conflict (store_id, order_id) do nothing
            returning {Columns}
            """,
            new { v.StoreId, v.OrderId, v.OrderName, v.Amount, v.Currency, v.Phone, v.PhoneMasked, v.CustomerName, v.Status, v.Step, dueAt = v.DueAt?.ToMs(), v.Reason, now, traceParent = OrderTraces.Current() },
            transaction,
            cancellationToken: cancellationToken));

        if (record is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            var existing = await connection.QuerySingleAsync<VerificationRecord>(new CommandDefinition(
                $"select {Columns} from verifications where store_id = @StoreId and order_id = @OrderId",
                new { v.StoreId, v.OrderId },
                cancellationToken: cancellationToken));
            return (existing, false);
        }

        var message = v.Status == VerificationStatus.Pending
            ? $"Order received; call due {(v.DueAt is { } due ? TimeZones.Stamp(due, v.Zone ?? TimeZoneInfo.Utc) : "now")}"
            : $"Order received; {v.Status}: {v.Reason}";
        await InsertEventAsync(connection, transaction, record.Id, "received", message, now, cancellationToken);
        if (v.SmsEvent is { } smsEvent)
        {
            await SmsDue.AddAsync(connection, transaction, record.Id, smsEvent, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (record.Step == VerificationStep.Done)
        {
            // Finished at intake (an invalid phone, a store that does not call): counted like any other end.
            metrics?.VerificationFinished(record.Status, record.StoreId, TimeSpan.Zero);
        }

        return (record, true);
    }
}
