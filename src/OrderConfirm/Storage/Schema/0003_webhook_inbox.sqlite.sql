-- Every signed delivery, stored before we answer 200. The body is encrypted (it carries names and phones) and
-- dropped once processed; the row stays for de-duplication on the sender's delivery id.
create table webhook_deliveries (
    id integer primary key autoincrement,
    platform text not null,
    delivery_id text not null,
    store_id bigint not null references stores (id) on delete cascade,
    topic text not null,
    received_at bigint not null,
    body text null,
    status text not null default 'new',
    claimed_at bigint null,
    attempts integer not null default 0,
    processed_at bigint null,
    result text null,
    constraint ux_webhook_deliveries unique (platform, delivery_id)
);

create index ix_webhook_deliveries_status on webhook_deliveries (status, id);

-- What the shop told us about an order, whatever order the deliveries arrived in: a cancel that came before its
-- create must still stop the call.
create table shop_orders (
    store_id bigint not null references stores (id) on delete cascade,
    order_id text not null,
    closed_reason text null,
    updated_at bigint not null,
    primary key (store_id, order_id)
);
