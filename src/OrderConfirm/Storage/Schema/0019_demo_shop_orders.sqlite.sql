-- The sandbox's demo shop (DemoShop/, docs/sandbox.md): its orders, verified by the service and written back to over the
-- demo shop's own HTTP endpoints. Kept in the database with the verifications they stand for, so a restart in the middle
-- of a call still finds the order for its guard and its write-back, as a real shop would. Empty outside the sandbox.
-- Only the masked phone is kept: the full number went to the verification (encrypted), as a shop's webhook hands it over.
create table demo_shop_orders (
    id integer primary key autoincrement,
    store_id bigint not null references stores (id) on delete cascade,
    amount text not null,
    currency text not null,
    phone_masked text null,
    status text not null,
    outcome text null,
    note text null,
    created_at bigint not null,
    updated_at bigint not null
);
create index ix_demo_shop_orders_store on demo_shop_orders (store_id, id);
