-- One write-back run at a time talks to the shop about a verification. A run holds the lease (its random owner token)
-- until write_back_lease_until and renews it before every request to the shop; a newer outcome's run (an answer by
-- link during the write-back of 'unreachable') waits for it, so an older request can never land after a newer one.
-- write_back_lease_outcome is the outcome the holder writes. When a run ends after a request that got no answer (the
-- shop may still be working on it), the lease stays 'settling' for a while: the same outcome may be written again at
-- once, a different one waits until then.
alter table verifications add column write_back_lease text null;
alter table verifications add column write_back_lease_until bigint null;
alter table verifications add column write_back_lease_outcome text null;
