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
