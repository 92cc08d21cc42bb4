-- Every SMS we send or tried to send, one row per (verification, event, slot): slot 'primary' is the store's gateway,
-- 'fallback' its second one. The row is committed with status 'sending' before the request goes out, so a re-run job,
-- a duplicate webhook or a second instance finds it and never sends again; a row left 'sending' by a crash is an
-- unknown outcome for a person, never a reason to send again.
create table sms_messages (
    id integer primary key autoincrement,
    verification_id bigint not null references verifications (id) on delete cascade,
    event text not null,
    slot text not null,
    provider text not null,
    idempotency_key text not null,
    status text not null,
    encoding text not null,
    segments integer not null,
    provider_message_id text null,
    reported_segments integer null,
    cost numeric null,
    cost_unit text null,
    detail text null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint ux_sms_messages unique (verification_id, event, slot)
);
