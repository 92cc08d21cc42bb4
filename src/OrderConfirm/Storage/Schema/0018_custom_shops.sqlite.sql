-- A custom shop's own API key (Security/StoreApiKeys): only the SHA-256 of the key is kept, so a copy of the database
-- holds no working key; the prefix (the first characters of the key, not secret) finds the row and is shown on the
-- store. One key per store: issuing a new one replaces the row, and the old key stops working at once.
create table store_api_keys (
    store_id bigint primary key references stores (id) on delete cascade,
    prefix text not null,
    key_hash text not null,
    created_at bigint not null,
    constraint ux_store_api_keys_prefix unique (prefix)
);

-- A custom shop's result webhooks (Custom/ResultDeliveries): one row per event (a verification's outcome at an
-- attempt), written by the custom write-back before the delivery job is queued, so an outcome is never lost between
-- the two. The body is fixed when the row is written: every retry sends the same bytes under the same event id.
-- claimed_until is the lease of the run that is sending it; delivered_at is set by that run as soon as the receiver
-- answered 2xx, and no run sends a row that has it.
create table result_deliveries (
    id integer primary key autoincrement,
    store_id bigint not null references stores (id) on delete cascade,
    verification_id bigint not null references verifications (id) on delete cascade,
    event_id text not null,
    outcome text not null,
    payload text not null,
    attempts integer not null default 0,
    last_status_code integer null,
    last_error text null,
    next_attempt_at bigint null,
    claimed_until bigint null,
    delivered_at bigint null,
    failed_at bigint null,
    created_at bigint not null,
    constraint ux_result_deliveries_event unique (event_id)
);
create index ix_result_deliveries_store on result_deliveries (store_id, id);
