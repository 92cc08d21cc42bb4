-- The marks of closed orders are forgotten after Webhooks:KeepAppliedFor (Webhooks/PruneWebhookDeliveriesJob), found
-- through this index.
create index ix_shop_orders_updated on shop_orders (updated_at);
