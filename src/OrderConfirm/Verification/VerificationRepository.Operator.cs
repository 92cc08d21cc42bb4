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

    // An operator stops a verification that has not dialled yet. decided_by names them, so that the shop reopening the
    // order later does not start it again (WooCommerceOrderReopen).
    public Task<bool> StopByOperatorAsync(long id, string reason, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = 'skipped', step = 'done', due_at = null, job_id = null, reason = @reason,
                decided_by = 'operator', updated_at = @now
            where id = @id and step = 'call'
            """,
            new { id, reason },
            "stopped",
            reason,
            cancellationToken);

    // Operator: call again a customer whose call never reached an answer (unknown dial, unreachable, no input).
    public Task<bool> RedialAsync(long id, DateTimeOffset dueAt, CancellationToken cancellationToken)
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
            "Redial requested by an operator",
            cancellationToken);

    // Operator: try the write-back again after the shop refused it.
    public Task<bool> RetryWriteBackAsync(long id, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = outcome, step = 'apply', due_at = @now, job_id = null, write_back = 'pending',
                write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'done' and status = 'needs-attention' and outcome is not null
            """,
            new { id },
            "operator",
            "Write-back retry requested by an operator",
            cancellationToken);

    // Operator: a corrected phone (already encrypted) for a verification that never reached the customer; a redial then
    // calls it. The timeline says that it changed, never the number.
    public Task<bool> CorrectPhoneAsync(long id, string protectedPhone, string masked, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set phone = @protectedPhone, phone_masked = @masked,
                reason = case when status = 'invalid-phone' then 'Phone corrected by an operator; redial to call' else reason end,
                updated_at = @now
            where id = @id and step = 'done'
              and (status in ('invalid-phone', 'unreachable', 'no-input') or (status = 'needs-attention' and outcome is null))
            """,
            new { id, protectedPhone, masked },
            "operator",
            "Phone corrected by an operator",
            cancellationToken);
}
