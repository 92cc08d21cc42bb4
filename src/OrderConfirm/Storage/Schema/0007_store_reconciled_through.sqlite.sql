-- Shopify reconciliation's high-water mark (Unix ms): every order created before it has been looked at, and the next
-- run pages on from it. Null means "from the store's connection time" (created_at), so a newly connected store's
-- older orders are only taken in when an operator asks for a backfill.
alter table stores add column reconciled_through bigint null;
