-- Store owners' logins for the merchant pages (StoreUsers/, ADR 0015). A login opens exactly one store, so an e-mail
-- (trimmed and lower-cased before it is stored) is unique across all stores. Only the ASP.NET Core Identity hash of
-- the password is kept. failed_attempts and locked_until are the lockout, counted by conditional updates of this row
-- so that every instance on the database shares them.
create table store_users (
    id integer primary key autoincrement,
    store_id bigint not null references stores (id) on delete cascade,
    email text not null,
    password_hash text not null,
    created_at bigint not null,
    password_changed_at bigint not null,
    failed_attempts integer not null default 0,
    locked_until bigint null,
    last_sign_in_at bigint null,
    constraint ux_store_users_email unique (email)
);
create index ix_store_users_store on store_users (store_id, id);
