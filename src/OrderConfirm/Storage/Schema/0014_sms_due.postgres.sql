-- An SMS that should go out: written with the verification (received) or when the outcome is final, moved when it
-- waits for calling hours or credit, deleted when its job has run. Hangfire only executes; if a job is lost (in-memory
-- queue restarted, deleted in the dashboard) the sweeper finds the row past its due time and queues the job again.
create table sms_due (
    verification_id bigint not null references verifications (id) on delete cascade,
    event text not null,
    due_at bigint not null,
    redrives integer not null default 0,
    created_at bigint not null,
    primary key (verification_id, event)
);

create index ix_sms_due_due_at on sms_due (due_at);
