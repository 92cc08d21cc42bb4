-- A failed delivery waits until due_at (growing delays) and keeps its body until it is applied. claimed_by names the
-- processor working a claim, so its heartbeat keeps only its own rows alive and it can take back a batch it could not
-- release (the database was down) without waiting for the stale-claim limit.
alter table webhook_deliveries add column due_at bigint null;
alter table webhook_deliveries add column claimed_by text null;
