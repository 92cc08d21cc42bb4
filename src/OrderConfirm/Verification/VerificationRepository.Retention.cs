using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Retention (docs/verification-states.md, "Retention"): the customer's phone and name are erased, on the shop's
// request or after Verification:RetainPersonalDataFor; status and step never change, only what a later step could
// still need (a redial finds no phone and stops).
public sealed partial class VerificationRepository
{
    /// A customer asked the shop to forget them: phone and name go; the order's outcome stays for the merchant.
    public async Task<int> EraseCustomerAsync(long storeId, IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var orderId in orderIds)
        {
            if (await FindByOrderAsync(storeId, orderId, cancellationToken) is not { } verification)
            {
                continue;
            }

            var done = await TransitionAsync(
                verification.Id,
                "update verifications set phone = null, phone_masked = null, customer_name = null, updated_at = @now where id = @id",
                new { id = verification.Id },
                "redacted",
                "The customer's phone number and name were erased at the shop's request",
                cancellationToken);
            erased += done ? 1 : 0;
        }

        return erased;
    }

    // Finished verifications whose last change is older than the cutoff lose the customer's phone and name; one batch
    // per call, each row with its timeline entry, in one transaction. Returns how many rows were erased.
    public async Task<int> EraseExpiredPersonalDataAsync(DateTimeOffset cutoff, int limit, string message, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = Now;
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            select id from verifications
            where step = 'done' and updated_at <= @cutoff
              and (phone is not null or customer_name is not null or phone_masked is not null)
            order by updated_at
            limit @limit
            """,
            new { cutoff = cutoff.ToMs(), limit },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        foreach (var id in ids)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update verifications set phone = null, phone_masked = null, customer_name = null where id = @id and step = 'done'",
                new { id },
                transaction,
                cancellationToken: cancellationToken));
            await InsertEventAsync(connection, transaction, id, "redacted", message, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }
}
