-- A send handed to the gateway for later (a Robase scheduled send, status 'scheduled'): the time it goes out, so the
-- timeline and a failed cancel can say when the customer would get it.
alter table sms_messages add column send_at bigint null;
