-- attempt: which dial of the verification this is (1 = the first; re-attempts after no answer count up).
-- decided_by: who gave the outcome: 'call' (the customer's key on the call, or the call's own end), 'link' (the
-- customer on the confirm-by-link page), 'no-answer-policy' (the store's rule after the last unanswered attempt),
-- 'operator' (a person through the API). Null on rows from before this column: read as 'call'.
alter table verifications add column attempt integer not null default 1;
alter table verifications add column decided_by text null;
