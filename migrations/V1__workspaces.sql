-- Every table carries the Slack team id, and it leads every key, so that the data can be distributed by team
-- (Citus) with each team's rows co-located. Migrations are append-only: never edit one that has been released.

create table workspace (
    team_id            text        primary key,
    enterprise_id      text,
    name               text,
    time_zone          text        not null default 'UTC',
    monthly_event_goal integer     not null default 1 check (monthly_event_goal between 0 and 31),
    created_at         timestamptz not null default now()
);

-- Teammates, cached from users.info (time zone and display name change rarely; refreshed at most daily).
create table member (
    team_id      text        not null references workspace (team_id) on delete cascade,
    user_id      text        not null,
    display_name text,
    time_zone    text,
    is_admin     boolean     not null default false,
    refreshed_at timestamptz not null default now(),
    primary key (team_id, user_id)
);
