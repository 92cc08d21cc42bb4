create table stores (
    id integer primary key autoincrement,
    name text not null,
    platform text not null,
    shop_domain text null,
    api_base_url text null,
    enabled integer not null default 1,
    disabled_reason text null,
    settings text not null default '{}',
    secrets text null,
    robocall_voice_id text null,
    sms_provider text not null default 'none',
    sms_from text null,
    created_at bigint not null,
    updated_at bigint not null
);

create unique index ux_stores_shopify_domain on stores (shop_domain) where platform = 'shopify';

create table verifications (
    id integer primary key autoincrement,
    store_id bigint not null references stores (id) on delete cascade,
    order_id text not null,
    order_name text not null,
    amount text not null,
    currency text not null,
    phone text null,
    phone_masked text null,
    customer_name text null,
    status text not null,
    step text not null,
    due_at bigint null,
    job_id text null,
    reason text null,
    outcome text null,
    call_id text null,
    robo_status integer null,
    dtmf integer null,
    robo_retry integer null,
    dial_started_at bigint null,
    polls integer not null default 0,
    give_up_at bigint null,
    write_back text null,
    write_back_attempts integer not null default 0,
    created_at bigint not null,
    updated_at bigint not null,
    constraint ux_verifications_store_order unique (store_id, order_id)
);

create index ix_verifications_due on verifications (step, due_at);
create index ix_verifications_store_status on verifications (store_id, status, id);
create index ix_verifications_status on verifications (status, id);

create table verification_events (
    id integer primary key autoincrement,
    verification_id bigint not null references verifications (id) on delete cascade,
    at bigint not null,
    kind text not null,
    message text not null
);

create index ix_verification_events_verification on verification_events (verification_id, id);

create table robocall_accounts (
    key_fingerprint text primary key,
    out_of_balance_at bigint null,
    rejected_at bigint null,
    checked_at bigint null,
    updated_at bigint not null
);
