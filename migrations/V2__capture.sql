-- The team's networking memory: events, debriefs, contacts, meetings, follow-ups, referrals and action items.
-- Every table leads with team_id, in every primary key, unique index and foreign key, so rows can be distributed
-- and co-located by team (Citus) without changing a query. Ids come from identities; they are unique on their own,
-- but keys still carry the team so that every join stays inside one team.

-- One row per real event: the same name (normalised) on the same day, logged by several teammates, is one event.
create table event (
    team_id    text        not null references workspace (team_id) on delete cascade,
    id         bigint      generated always as identity,
    name       text        not null,
    name_key   text        not null,
    kind       text        not null default 'other'
        check (kind in ('conference', 'meetup', 'chamber_of_commerce', 'volunteering', 'social_or_online', 'client_referral', 'other')),
    held_on    date        not null,
    created_by text        not null,
    created_at timestamptz not null default now(),
    primary key (team_id, id),
    unique (team_id, name_key, held_on)
);

-- What one teammate recorded at once: a quick capture or a debrief form. Deleting it removes what it created.
create table debrief (
    team_id    text        not null references workspace (team_id) on delete cascade,
    id         bigint      generated always as identity,
    event_id   bigint,
    author_id  text        not null,
    source     text        not null check (source in ('quick', 'form')),
    met_on     date        not null,
    ideas      text,
    raw_text   text,        -- a quick capture exactly as typed
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (team_id, id),
    foreign key (team_id, event_id) references event (team_id, id)
);
create index debrief_by_author on debrief (team_id, author_id, created_at desc);
create index debrief_by_event on debrief (team_id, event_id);

-- Teammates who were at the event besides the author.
create table debrief_attendee (
    team_id    text   not null,
    debrief_id bigint not null,
    user_id    text   not null,
    primary key (team_id, debrief_id, user_id),
    foreign key (team_id, debrief_id) references debrief (team_id, id) on delete cascade
);

-- One row per real person per team. The *_key columns are normalised (case, accents, spacing) for matching;
-- the same person met by two teammates is one contact, matched by email, profile URL, or name and company.
create table contact (
    team_id       text        not null references workspace (team_id) on delete cascade,
    id            bigint      generated always as identity,
    name          text        not null,
    company       text,
    role          text,
    email         text,
    profile_url   text,
    name_key      text        not null,
    company_key   text        not null default '',
    email_key     text,
    profile_key   text,
    last_touch_on date,
    created_by    text        not null,
    created_at    timestamptz not null default now(),
    primary key (team_id, id)
);
create unique index contact_by_name_and_company on contact (team_id, name_key, company_key);
create unique index contact_by_email on contact (team_id, email_key) where email_key is not null;
create unique index contact_by_profile on contact (team_id, profile_key) where profile_key is not null;
create index contact_by_company on contact (team_id, company_key);

-- Who met whom, when and where: the team's memory.
create table meeting (
    team_id     text        not null,
    id          bigint      generated always as identity,
    contact_id  bigint      not null,
    teammate_id text        not null,
    debrief_id  bigint      not null,
    event_id    bigint,
    met_on      date        not null,
    notes       text,
    created_at  timestamptz not null default now(),
    primary key (team_id, id),
    foreign key (team_id, contact_id) references contact (team_id, id) on delete cascade,
    foreign key (team_id, debrief_id) references debrief (team_id, id) on delete cascade,
    foreign key (team_id, event_id) references event (team_id, id)
);
create index meeting_by_contact on meeting (team_id, contact_id, met_on desc);
create index meeting_by_teammate on meeting (team_id, teammate_id, met_on desc);
create index meeting_by_debrief on meeting (team_id, debrief_id);
create index meeting_by_day on meeting (team_id, met_on);

create table follow_up (
    team_id    text        not null,
    id         bigint      generated always as identity,
    contact_id bigint      not null,
    meeting_id bigint,
    owner_id   text        not null,
    due_on     date        not null,
    status     text        not null default 'open' check (status in ('open', 'done', 'snoozed')),
    done_at    timestamptz,
    created_at timestamptz not null default now(),
    primary key (team_id, id),
    foreign key (team_id, contact_id) references contact (team_id, id) on delete cascade,
    foreign key (team_id, meeting_id) references meeting (team_id, id) on delete cascade
);
create index follow_up_by_owner on follow_up (team_id, owner_id, status, due_on);
-- The reminder dispatcher looks across teams for what falls due.
create index follow_up_pending on follow_up (due_on) where status in ('open', 'snoozed');

create table referral (
    team_id     text        not null,
    id          bigint      generated always as identity,
    teammate_id text        not null,
    contact_id  bigint,
    debrief_id  bigint,
    direction   text        not null check (direction in ('given', 'asked', 'received')),
    note        text        not null,
    referred_on date        not null,
    created_at  timestamptz not null default now(),
    primary key (team_id, id),
    foreign key (team_id, contact_id) references contact (team_id, id) on delete cascade,
    foreign key (team_id, debrief_id) references debrief (team_id, id) on delete cascade
);
create index referral_by_teammate on referral (team_id, teammate_id, referred_on desc);

create table action_item (
    team_id    text        not null,
    id         bigint      generated always as identity,
    debrief_id bigint      not null,
    text       text        not null,
    owner_id   text        not null,
    done       boolean     not null default false,
    done_at    timestamptz,
    primary key (team_id, id),
    foreign key (team_id, debrief_id) references debrief (team_id, id) on delete cascade
);
create index action_item_by_owner on action_item (team_id, owner_id, done);
