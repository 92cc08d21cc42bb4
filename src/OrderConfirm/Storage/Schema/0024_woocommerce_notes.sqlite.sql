-- The order notes the WooCommerce write-back posted, so a write-back that runs again knows it without listing the
-- order's notes (WooCommerce/WooCommerceNoteLedger). A row is claimed before the POST and marked posted after its
-- answer: a claimed row without posted_at means the POST's fate is unknown (a crash, a timeout), and only then are the
-- order's notes listed to find it by its marker.
create table woocommerce_notes (
    verification_id bigint not null,
    marker text not null,
    claimed_at bigint not null,
    posted_at bigint null,
    primary key (verification_id, marker)
);
