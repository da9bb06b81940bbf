-- The Slack view a debrief form was saved from. Slack keeps a modal's view id while it stays open, so a second Save
-- of the same form (the first was committed, but its answer was lost in an outage and Met said "not saved") finds
-- the debrief and replaces it with what the form says now, instead of storing it twice.
alter table debrief add column view_id text;
create unique index debrief_by_view on debrief (team_id, view_id) where view_id is not null;
