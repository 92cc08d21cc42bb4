-- Which version of the store's webhook secret (StoreSecrets.WebhookSecretVersion) each of our webhooks in a
-- WooCommerce shop was last given: WooCommerce never shows a secret back, so this is how a rotation that did not reach
-- a webhook is found and repaired. Only a number, never the secret.
create table woocommerce_webhooks (
    store_id bigint not null references stores (id) on delete cascade,
    webhook_id bigint not null,
    secret_version integer not null,
    updated_at bigint not null,
    primary key (store_id, webhook_id)
);

-- The shop's own time (its date_modified_gmt, Unix ms) of the latest change applied to an order's row, a close or a
-- reopen; null when the evidence carried none (an order.deleted body is only the id) and on rows from before this
-- column. A WooCommerce order reopens only on a change saved after the close, so a late delivery cannot reopen it,
-- and a late close cannot undo a reopen.
alter table shop_orders add column changed_at bigint null;
