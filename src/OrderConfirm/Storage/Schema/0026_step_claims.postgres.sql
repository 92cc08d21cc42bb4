-- A step runner's claim of a due call or write-back (DueStepRunner): until when it holds the row, and the due time it
-- claimed. A transition that sets a new due time (or moves the row to another step and back) voids the claim, so a
-- row is never held past the moment it is due again; a runner that died gives the row back when claimed_until passes.
alter table verifications add column claimed_until bigint null;
alter table verifications add column claimed_due_at bigint null;
