-- The day a follow-up was done, in its owner's own time zone, as a meeting's met_on is. A period's "follow-ups done"
-- (digests, the App Home) counts by this day: counted by done_at in UTC, a follow-up done at 00:30 on 1 December in
-- Apia (UTC+13) fell in November, and one done at 19:00 on 30 November in Honolulu (UTC−10) in December.
alter table follow_up add column done_on date;

-- Those done before: the owner's zone as Met last knew it, where PostgreSQL knows that zone; else UTC's day.
update follow_up set done_on = (done_at at time zone 'UTC')::date where done_at is not null;
update follow_up f set done_on = (f.done_at at time zone m.time_zone)::date
from member m
where m.team_id = f.team_id and m.user_id = f.owner_id and f.done_at is not null
  and m.time_zone in (select name from pg_timezone_names);

drop index follow_up_done_by_team;
create index follow_up_done_by_team on follow_up (team_id, done_on) where status = 'done';
