-- Confirm-by-link: one row per link handed out. Only the SHA-256 of the token is kept, so a copy of the database does not
-- hold working links. A link is used once: used_at and answer are set in the same transaction as the verification's
-- outcome, conditionally on used_at being null.
create table confirm_links (
    id integer primary key autoincrement,
    verification_id bigint not null references verifications (id) on delete cascade,
    token_hash text not null,
    expires_at bigint not null,
    used_at bigint null,
    answer text null,
    created_at bigint not null,
    constraint ux_confirm_links_token unique (token_hash)
);
create index ix_confirm_links_verification on confirm_links (verification_id);
