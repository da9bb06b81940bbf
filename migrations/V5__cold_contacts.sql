-- A contact nobody on the team has met or followed up for this many days is "going cold" (a setting per workspace).
alter table workspace add column cold_after_days integer not null default 90 check (cold_after_days between 7 and 3650);

create index contact_by_last_touch on contact (team_id, last_touch_on);
