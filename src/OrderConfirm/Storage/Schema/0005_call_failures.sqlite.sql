-- PlaceCall failures before the dial (a database blip, a shop that cannot be read, a bug), counted so that a failure
-- that keeps coming back ends in needs-attention instead of being re-driven forever. Reset when the step changes.
alter table verifications add column call_failures integer not null default 0;
alter table verifications add column last_call_error text null;
