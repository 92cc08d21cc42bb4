-- The second SMS gateway a store may name (sms.fallbackProvider): a definite failure of the first sends through it.
-- Its key lives with the store's other secrets.
alter table stores add column sms_fallback_provider text null;
