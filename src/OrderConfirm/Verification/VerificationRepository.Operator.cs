using Dapper;
using OrderConfirm.Storage;

namespace OrderConfirm.Verification;

// Operator (docs/verification-states.md, "Operator"): what a person may do through the API. Each is allowed only
// from the states the document lists for it, checked in the same UPDATE, so an operator's click that races a job
// either wins whole or changes nothing (the API then answers 409).
public sealed partial class VerificationRepository
{
    // How many verifications of every store are in one state (the operator's /attention page counts needs-attention;
    // ix_verifications_status answers it).
    public async Task<long> CountByStatusAsync(string status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from verifications where status = @status", new { status }, cancellationToken: cancellationToken));
    }

    // A person (an operator or the store's owner) stops a verification that has not dialled yet. decided_by names
    // them, so that the shop reopening the order later does not start it again (WooCommerceOrderReopen).
    public Task<bool> StopByHandAsync(long id, string decider, string reason, CancellationToken cancellationToken)
        => FinishingTransitionAsync(
            id,
            """
            update verifications set status = 'skipped', step = 'done', due_at = null, job_id = null, reason = @reason,
                decided_by = @decider, updated_at = @now
            where id = @id and step = 'call'
            """,
            new { id, decider, reason },
            "stopped",
            reason,
            cancellationToken);

    // Operator: call again a customer whose call never reached an answer (unknown dial, unreachable, no input).
    public Task<bool> RedialAsync(long id, DateTimeOffset dueAt, CancellationToken cancellationToken, string message = "Redial requested by an operator")
        => TransitionAsync(
            id,
            """
            update verifications set status = 'pending', step = 'call', due_at = @dueAt, job_id = null, call_id = null,
                robo_status = null, dtmf = null, robo_retry = null, dial_started_at = null, polls = 0, give_up_at = null,
                outcome = null, decided_by = null, write_back = null, write_back_attempts = 0, reason = null, call_failures = 0,
                last_call_error = null, updated_at = @now
            where id = @id and step = 'done'
              and (status in ('unreachable', 'no-input') or (status = 'needs-attention' and outcome is null)
                   or (status = 'invalid-phone' and phone is not null))
            """,
            new { id, dueAt = dueAt.ToMs() },
            "operator",
            message,
            cancellationToken);

    // Operator: try the write-back again after the shop refused it.
    public Task<bool> RetryWriteBackAsync(long id, CancellationToken cancellationToken, string message = "Write-back retry requested by an operator")
        => TransitionAsync(
            id,
            """
            update verifications set status = outcome, step = 'apply', due_at = @now, job_id = null, write_back = 'pending',
                write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'done' and status = 'needs-attention' and outcome is not null
            """,
            new { id },
            "operator",
            message,
            cancellationToken);

    // Operator: a corrected phone (already encrypted) for a verification that never reached the customer; a redial then
    // calls it. The timeline says that it changed, never the number.
    public Task<bool> CorrectPhoneAsync(long id, string protectedPhone, string masked, CancellationToken cancellationToken, string message = "Phone corrected by an operator")
        => TransitionAsync(
            id,
            """
            update verifications set phone = @protectedPhone, phone_masked = @masked,
                reason = case when status = 'invalid-phone' then @reason else reason end,
                updated_at = @now
            where id = @id and step = 'done'
              and (status in ('invalid-phone', 'unreachable', 'no-input') or (status = 'needs-attention' and outcome is null))
            """,
            new { id, protectedPhone, masked, reason = $"{message}; redial to call" },
            "operator",
            message,
            cancellationToken);

    // A person marks the outcome by hand (they reached the customer another way, or called back a "call me back"). Only
    // while no answer of the customer stands and no call is running: waiting for a call, unanswered (unreachable,
    // no-input), a callback request, an invalid phone, or needs-attention without a customer's answer; never over a
    // confirmed or cancelled answer, never during a call, never on an order the shop has closed. Then written back
    // like a call's outcome.
    public Task<bool> DecideByHandAsync(long id, string outcome, string decider, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = @outcome, outcome = @outcome, decided_by = @decider, step = 'apply', due_at = @now,
                job_id = null, write_back = 'pending', write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id
              and ((status = 'pending' and step = 'call')
                   or (status in ('callback', 'unreachable', 'no-input') and step in ('apply', 'done'))
                   or (status = 'invalid-phone' and step = 'done')
                   or (status = 'needs-attention' and step = 'done' and (outcome is null or outcome in ('callback', 'unreachable', 'no-input'))))
              and not exists (select 1 from shop_orders o
                              where o.store_id = verifications.store_id and o.order_id = verifications.order_id
                                and o.closed_reason is not null)
            """,
            new { id, outcome, decider },
            "operator",
            message,
            cancellationToken);
}
