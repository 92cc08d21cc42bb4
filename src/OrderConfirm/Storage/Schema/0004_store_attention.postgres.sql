-- Why a store needs its owner (e.g. Shopify refused the access token); cleared when its credentials change.
alter table stores add column attention text null;
