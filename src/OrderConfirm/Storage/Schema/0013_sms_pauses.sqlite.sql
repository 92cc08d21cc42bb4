-- An SMS gateway that answered "out of balance" (402, quota exceeded, not enough credits) for a store is paused for that
-- store: its SMS wait (or go through the store's fallback gateway) until a balance check shows credit. checked_at is the
-- last balance check, so every waiting SMS does not ask the gateway again.
create table sms_pauses (
    store_id bigint not null references stores (id) on delete cascade,
    provider text not null,
    paused_at bigint not null,
    checked_at bigint not null,
    detail text not null,
    primary key (store_id, provider)
);

-- How many times the slot's SMS was handed to its gateway: a send refused for balance is certainly not sent, so once
-- the gateway has credit again the same slot sends once more, under a new idempotency key (…-2).
alter table sms_messages add column sends integer not null default 1;
