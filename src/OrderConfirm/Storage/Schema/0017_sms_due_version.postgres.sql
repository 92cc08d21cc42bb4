-- Which version of an sms_due row a job run read when it started. Every write of the row (added, moved to wait for
-- calling hours or credit) gives it a new random version, and a run deletes the row only in the version it read: a
-- duplicate run that found the send still in flight cannot take away the row the owning run has moved meanwhile.
alter table sms_due add column version bigint not null default 0;
