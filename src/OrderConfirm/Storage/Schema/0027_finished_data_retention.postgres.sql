-- The SMS ledger, the WooCommerce note ledger and the timeline of verifications finished long ago are deleted in
-- batches (Verification/PruneFinishedVerificationsJob). Each delete walks its table from the oldest row through one of
-- these indexes, so a run reads only the rows old enough to go, never the whole table.
create index ix_sms_messages_created on sms_messages (created_at);
create index ix_woocommerce_notes_claimed on woocommerce_notes (claimed_at);
create index ix_verification_events_at on verification_events (at);
