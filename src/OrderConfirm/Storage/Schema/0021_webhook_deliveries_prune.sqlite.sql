-- Applied deliveries are forgotten after Webhooks:KeepAppliedFor (Webhooks/PruneWebhookDeliveriesJob): the job finds
-- the old ones through this index instead of reading the whole inbox. New and failed rows are not in it, so the
-- intake's inserts do not pay for it.
create index ix_webhook_deliveries_finished on webhook_deliveries (processed_at) where status in ('done', 'expired');
