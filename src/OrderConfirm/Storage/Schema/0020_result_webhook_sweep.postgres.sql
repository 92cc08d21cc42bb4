-- The result webhook sweep (Custom/ResultWebhookSweepJob) runs every 15 s: it looks for verifications that turned
-- needs-attention lately and for result deliveries whose next attempt is overdue (its job was lost). Both are a few
-- rows among many, so each look reads a partial index, not the table.
create index ix_verifications_needs_attention on verifications (updated_at) where status = 'needs-attention';
create index ix_result_deliveries_open on result_deliveries (next_attempt_at) where delivered_at is null and failed_at is null;
