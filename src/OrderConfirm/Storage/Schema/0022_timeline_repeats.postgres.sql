-- A call postponed again and again for the same reason (an account out of balance, every 15 minutes, for days) is one
-- timeline entry, not one a time: the entry keeps the latest message and time, counts the repeats and remembers when
-- the first one was (VerificationRepository.InsertEventAsync).
alter table verification_events add column repeats integer not null default 0;
alter table verification_events add column first_at bigint null;
