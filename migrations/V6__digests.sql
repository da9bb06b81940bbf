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
