namespace OrderConfirm.Verification;

public sealed partial class VerificationRepository
{
    // The last unanswered attempt decided by the store's no-answer policy: FinishCallAsync with decided_by
    // no-answer-policy, but only while the shop has not closed the order. The policy stands in for an answer the
    // customer did not give; an order the merchant cancelled, fulfilled or deleted while the call rang has had its answer
    // from the shop. False when the row is no longer polled or the order is closed (the caller tells which).
    public Task<bool> FinishCallByPolicyAsync(long id, string outcome, int? roboStatus, int? dtmf, int? retry, string message, CancellationToken cancellationToken)
        => TransitionAsync(
            id,
            """
            update verifications set status = @outcome, outcome = @outcome, decided_by = @decidedBy, robo_status = @roboStatus,
                dtmf = @dtmf, robo_retry = @retry, polls = polls + 1, step = 'apply', due_at = @now, job_id = null,
                write_back = 'pending', write_back_attempts = 0, reason = null, updated_at = @now
            where id = @id and step = 'poll'
              and not exists (select 1 from shop_orders o
                              where o.store_id = verifications.store_id and o.order_id = verifications.order_id
                                and o.closed_reason is not null)
            """,
            new { id, outcome, decidedBy = Deciders.NoAnswerPolicy, roboStatus, dtmf, retry },
            "outcome",
            message,
            cancellationToken);
}
