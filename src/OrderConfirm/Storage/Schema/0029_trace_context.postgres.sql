-- One order's trace (Telemetry/OrderTraces): the W3C traceparent of the request that brought a webhook, and of the
-- work that created a verification, so the later work for the order (processing, dial, polls, write-back) continues
-- the same trace in whichever process does it. Ids only: a trace id and a span id, nothing about the customer.
alter table webhook_deliveries add column trace_parent text null;
alter table verifications add column trace_parent text null;
