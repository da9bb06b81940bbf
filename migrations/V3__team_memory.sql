-- Team memory and follow-through: search, reminders, notes, handled Events API deliveries, and the scheduler.

-- Trigram search over the normalised keys: "acme", "acm", "acmee" and "ACME Inc." all find Acme.
create extension if not exists pg_trgm;
create index contact_name_trgm on contact using gin (name_key gin_trgm_ops);
create index contact_company_trgm on contact using gin (company_key gin_trgm_ops);
create index contact_email_trgm on contact using gin (email_key gin_trgm_ops);

-- A follow-up is reminded once for each due date: a snooze moves due_on, and the reminder comes again.
alter table follow_up add column reminded_on date;
alter table follow_up add column snoozed_at timestamptz;

-- "Log a note" from a reminder records a touch without an event: a debrief of its own kind.
alter table debrief drop constraint debrief_source_check;
alter table debrief add constraint debrief_source_check check (source in ('quick', 'form', 'note'));

-- One reminder DM per teammate per local day, claimed here before it is sent: whichever replica or restart
-- runs the dispatcher, a row that is 'sending' or 'sent' is never sent again.
create table reminder (
    team_id         text        not null references workspace (team_id) on delete cascade,
    owner_id        text        not null,
    local_day       date        not null,
    status          text        not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_at      timestamptz,
    sent_at         timestamptz,
    last_error      text,
    primary key (team_id, owner_id, local_day)
);
create index reminder_retry on reminder (next_attempt_at) where status = 'pending';

-- Slack retries Events API deliveries (same event_id): each is handled once.
create table slack_event (
    team_id     text        not null,
    event_id    text        not null,
    received_at timestamptz not null default now(),
    primary key (team_id, event_id)
);

-- db-scheduler's own table (from its postgresql_tables.sql for 16.x). It is infrastructure, not team data:
-- on Citus it stays a local table on the coordinator.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
