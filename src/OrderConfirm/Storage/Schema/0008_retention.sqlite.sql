-- Masked phones showed 7 of 12 digits (92300*****67); from now on at most the last four are shown. Rows masked the
-- old way only hold their last two digits in clear, so they keep just those.
update verifications set phone_masked = '**********' || substr(phone_masked, -2) where phone_masked is not null;

-- The retention job looks for finished rows that still hold personal data.
create index ix_verifications_retention on verifications (updated_at) where step = 'done' and (phone is not null or customer_name is not null or phone_masked is not null);
