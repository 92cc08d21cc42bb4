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
