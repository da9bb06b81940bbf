-- Erasure (/met forget): a contact and everything about them is deleted, and this row is all that remains: that an
-- erasure happened, when, who did it, and how much went. It holds nothing about the person erased: no name, no
-- email, no contact id to join back on, only a random id and counts.
create table erasure (
    team_id    text        not null references workspace (team_id) on delete cascade,
    id         uuid        not null default gen_random_uuid(),
    erased_by  text        not null,
    erased_at  timestamptz not null default now(),
    contacts   integer     not null check (contacts >= 0),
    meetings   integer     not null check (meetings >= 0),
    follow_ups integer     not null check (follow_ups >= 0),
    referrals  integer     not null check (referrals >= 0),
    primary key (team_id, id)
);
create index erasure_by_day on erasure (team_id, erased_at desc);
