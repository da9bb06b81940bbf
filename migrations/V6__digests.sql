-- Digests: the channels subscribed to the team's monthly (or weekly) digest and each digest posted, claimed here
-- before it is sent; and what lets a digest count a large team's period in a few index range scans.
-- team_id leads every key, as everywhere (see V1).

-- The day the team first met each person. A period's "new contacts" is then a range of this index rather than a
-- pass over every meeting the team ever had (half a second per count at a million meetings). Kept like
-- last_touch_on as meetings are saved, and recomputed when a debrief's meetings are edited or undone.
alter table contact add column first_met_on date;
update contact c set first_met_on = f.first_met
from (select team_id, contact_id, min(met_on) as first_met from meeting group by team_id, contact_id) f
where c.team_id = f.team_id and c.id = f.contact_id;
create index contact_by_first_met on contact (team_id, first_met_on);

-- Aggregates over a period (a digest, the App Home's numbers) read who met whom, at which event, on which days:
-- with those columns in the index they are index-only scans that never visit the table.
drop index meeting_by_day;
create index meeting_by_day on meeting (team_id, met_on) include (contact_id, teammate_id, event_id);

-- A period's follow-ups done, and those overdue, counted per team (the reminder dispatcher's index spans all teams).
create index follow_up_done_by_team on follow_up (team_id, done_at) where status = 'done';
create index follow_up_pending_by_team on follow_up (team_id, due_on) where status in ('open', 'snoozed');

-- A digest reads the period's debriefs (ideas, action items, who went out) by day.
create index debrief_by_day on debrief (team_id, met_on);

-- A channel's subscription. The time zone is the subscriber's: the digest comes at 9:00 there on the first day
-- of the period. A channel Met can no longer post to (archived, deleted, Met removed) is paused, not dropped,
-- so that its subscriber can be told once and resume with /met subscribe.
create table digest_subscription (
    team_id       text        not null references workspace (team_id) on delete cascade,
    channel_id    text        not null,
    cadence       text        not null default 'monthly' check (cadence in ('monthly', 'weekly')),
    time_zone     text        not null,
    created_by    text        not null,
    status        text        not null default 'active' check (status in ('active', 'paused')),
    paused_reason text,
    created_at    timestamptz not null default now(), -- when it was (re)started: no digest that fell due before is sent
    primary key (team_id, channel_id)
);

-- One digest of one period in one channel. Its key is what makes a digest go out once: whichever replica,
-- restart, retry or `met digest send` gets there first claims the row ('pending' → 'sending'); a row that is
-- 'sending', 'sent' or 'failed' is never posted again. The period's kind is part of the key because a week
-- and a month can start on the same day (Monday 1 June 2026), and they are different digests.
create table digest_post (
    team_id         text        not null references workspace (team_id) on delete cascade,
    channel_id      text        not null,
    period_start    date        not null,
    period_kind     text        not null check (period_kind in ('month', 'week')),
    status          text        not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_at      timestamptz,
    sent_at         timestamptz,
    message_ts      text,
    last_error      text,
    primary key (team_id, channel_id, period_start, period_kind)
);
-- The dispatcher looks across teams for claims a crash left behind.
create index digest_post_sending on digest_post (claimed_at) where status = 'sending';
