-- met_captures (V13) saved a batch of quick captures one by one, each through met_capture and met_meet: some fifteen
-- statements per capture (the event, the debrief, the contact insert and its probes, the gap-filling, the dates, the
-- meeting, the follow-up, who else met them), each paying the executor's start-up. The capture writer runs one batch
-- at a time, so that cost per capture was the serial stage of every quick capture (bench/load; README "Where the time
-- goes at the capture writer"). Here each table is written by one statement per batch, from the arrays (a contact the
-- team knew, by one of its own when it changes).
--
-- The result must stay what saving the captures one by one, in the order given, gives. Most captures of a batch have
-- nothing to do with each other; those are saved together. A capture is "simple" when none of its keys (email,
-- profile, name and company) is another capture's of the batch, and the contact its keys find before the batch is
-- found by no other capture of the batch. Such a capture cannot be touched by the others: they only ever add their own
-- keys, so the contact it finds one by one is the one it finds before the batch; and no other capture meets that
-- contact, so who else met them is the same either way. The other captures (the same person twice in a batch, a
-- contact found by two of them, or a new contact whose key a concurrent form took meanwhile) go through met_meet one
-- by one afterwards, in their order: they cannot touch the simple ones either (MetCapturesTest compares both ways).
create or replace function met_captures(p_team text[], p_author text[], p_source text[], p_raw_text text[],
                                        p_event_name text[], p_event_name_key text[], p_event_kind text[], p_met_on date[],
                                        p_name text[], p_company text[], p_role text[], p_email text[], p_profile_url text[],
                                        p_name_key text[], p_company_key text[], p_email_key text[], p_profile_key text[],
                                        p_notes text[], p_follow_up date[], p_prior_shown int[])
    returns table (out_n int, out_debrief_id bigint, out_contact_id bigint, out_is_new boolean, out_known_as text,
                   out_meeting_id bigint, prior_teammate_id text, prior_met_on date, prior_event_name text)
    language plpgsql as $$
declare
    v_count int := coalesce(array_length(p_team, 1), 0);
    v_event bigint[];
    v_debrief bigint[];
    v_contact bigint[]; -- the contact each capture's keys find before the batch, then the one added for it
    v_stale boolean[];  -- the contact found lacks something the capture knows, or its dates move
    v_new boolean[];
    v_simple boolean[];
    v_meeting bigint[];
begin
    if v_count = 0 then
        return;
    end if;

    -- Events: one per team, name and day, added with what the first capture naming it says (as met_event would).
    insert into event (team_id, name, name_key, kind, held_on, created_by)
    select distinct on (b.team, b.event_key, b.met_on) b.team, b.event_name, b.event_key, b.kind, b.met_on, b.author
    from unnest(p_team, p_event_name, p_event_name_key, p_event_kind, p_met_on, p_author)
             with ordinality as b(team, event_name, event_key, kind, met_on, author, n)
    where b.event_name is not null -- a scalar subquery, not "not exists", which PostgreSQL may plan as a join (below)
      and (select e.id from event e where e.team_id = b.team and e.name_key = b.event_key and e.held_on = b.met_on) is null
    order by b.team, b.event_key, b.met_on, b.n
    on conflict do nothing;
    select array_agg((select e.id from event e where e.team_id = b.team and e.name_key = b.event_key and e.held_on = b.met_on)
                     order by b.n) into v_event
    from unnest(p_team, p_event_name_key, p_met_on) with ordinality as b(team, event_key, met_on, n);

    -- Debriefs: every capture has its own. Their ids are taken first so that the rows below can point at them.
    v_debrief := array(select nextval(pg_get_serial_sequence('debrief', 'id')) from generate_series(1, v_count));
    insert into debrief (team_id, id, event_id, author_id, source, met_on, ideas, raw_text)
    overriding system value
    select b.team, b.debrief, b.event, b.author, b.source, b.met_on, null, b.raw_text
    from unnest(p_team, v_debrief, v_event, p_author, p_source, p_met_on, p_raw_text)
             as b(team, debrief, event, author, source, met_on, raw_text);

    -- The contact each person's keys find, in met_meet's order: email, then profile, then name and company; then
    -- whether that contact lacks something the capture knows or its dates move. Every statement here reads contact,
    -- meeting and event row by row through an index (a subquery per row, or a lateral one with a limit), never by a
    -- join PostgreSQL may choose to make by reading the table whole: plpgsql keeps a statement's plan, and a plan made
    -- while a table was small stays while it grows, until the next ANALYZE (bench/load's warm-up slowed down for a
    -- minute with joins here). A key lookup inside another's index condition is not usable as one: hence two steps.
    select array_agg(case when b.person is not null
                          then coalesce((select c.id from contact c where c.team_id = b.team and c.email_key = b.email_key),
                                        (select c.id from contact c where c.team_id = b.team and c.profile_key = b.profile_key),
                                        (select c.id from contact c
                                         where c.team_id = b.team and c.company_key = b.company_key and c.name_key = b.name_key))
                     end order by b.n) into v_contact
    from unnest(p_team, p_name, p_name_key, p_company_key, p_email_key, p_profile_key)
             with ordinality as b(team, person, name_key, company_key, email_key, profile_key, n);
    select array_agg(coalesce((select (c.role is null and b.role is not null) or (c.email_key is null and b.email_key is not null)
                                          or (c.profile_key is null and b.profile_key is not null)
                                          or c.last_touch_on is null or c.last_touch_on < b.met_on
                                          or c.first_met_on is null or c.first_met_on > b.met_on
                               from contact c where c.team_id = b.team and c.id = b.contact), false) order by b.n) into v_stale
    from unnest(p_team, p_role, p_email_key, p_profile_key, p_met_on, v_contact)
             with ordinality as b(team, role, email_key, profile_key, met_on, contact, n);

    select array_agg(s.simple order by s.n) into v_simple
    from (select b.n, b.person is null
                          or (count(*) over (partition by b.team, b.company_key, b.name_key) = 1
                              and (b.email_key is null or count(*) over (partition by b.team, b.email_key) = 1)
                              and (b.profile_key is null or count(*) over (partition by b.team, b.profile_key) = 1)
                              and (b.contact is null or count(*) over (partition by b.team, b.contact) = 1)) as simple
          from unnest(p_team, p_name, p_name_key, p_company_key, p_email_key, p_profile_key, v_contact)
                   with ordinality as b(team, person, name_key, company_key, email_key, profile_key, contact, n)) s;

    -- New people: added together. One whose key a concurrent form took after the lookup above is not added here
    -- (on conflict) and goes the one-by-one way below.
    with added as (
        insert into contact (team_id, name, company, role, email, profile_url, name_key, company_key, email_key,
                             profile_key, created_by, first_met_on, last_touch_on)
        select b.team, b.person, b.company, b.role, b.email, b.profile_url, b.name_key, b.company_key, b.email_key,
               b.profile_key, b.author, b.met_on, b.met_on
        from unnest(p_team, p_name, p_company, p_role, p_email, p_profile_url, p_name_key, p_company_key, p_email_key,
                    p_profile_key, p_author, p_met_on, v_contact, v_simple)
                 as b(team, person, company, role, email, profile_url, name_key, company_key, email_key,
                      profile_key, author, met_on, contact, simple)
        where b.simple and b.person is not null and b.contact is null
        on conflict do nothing
        returning team_id, company_key, name_key, id)
    select array_agg(coalesce(b.contact, a.id) order by b.n),
           array_agg(a.id is not null order by b.n),
           array_agg(b.simple and (b.person is null or b.contact is not null or a.id is not null) order by b.n)
    into v_contact, v_new, v_simple
    from unnest(p_team, p_name, p_name_key, p_company_key, v_contact, v_simple)
             with ordinality as b(team, person, name_key, company_key, contact, simple, n)
    left join added a on b.simple and b.contact is null
                     and a.team_id = b.team and a.company_key = b.company_key and a.name_key = b.name_key;

    -- People the team knew: what a capture knows that the contact lacks is added, nothing is overwritten, and the
    -- dates move (as met_meet does). One update per contact that changes (no other simple capture found it).
    for i in 1 .. v_count loop
        if v_simple[i] and v_stale[i] and not v_new[i] then
            update contact c
            set role          = coalesce(c.role, p_role[i]),
                email         = case when f.email and c.email_key is null then p_email[i] else c.email end,
                email_key     = case when f.email and c.email_key is null then p_email_key[i] else c.email_key end,
                profile_url   = case when f.profile and c.profile_key is null then p_profile_url[i] else c.profile_url end,
                profile_key   = case when f.profile and c.profile_key is null then p_profile_key[i] else c.profile_key end,
                last_touch_on = greatest(coalesce(c.last_touch_on, p_met_on[i]), p_met_on[i]),
                first_met_on  = least(coalesce(c.first_met_on, p_met_on[i]), p_met_on[i])
            from (select p_email_key[i] is not null and not exists (select 1 from contact o
                                                                    where o.team_id = p_team[i] and o.email_key = p_email_key[i]) as email,
                         p_profile_key[i] is not null and not exists (select 1 from contact o
                                                                      where o.team_id = p_team[i] and o.profile_key = p_profile_key[i]) as profile) f
            where c.team_id = p_team[i] and c.id = v_contact[i]
              and ((c.role is null and p_role[i] is not null)
                or (f.email and c.email_key is null) or (f.profile and c.profile_key is null)
                or c.last_touch_on is null or c.last_touch_on < p_met_on[i] or c.first_met_on is null or c.first_met_on > p_met_on[i]);
        end if;
    end loop;

    -- Meetings and follow-ups. Each simple capture's meeting is found again by its debrief, which is its own.
    with met as (
        insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on, notes)
        select b.team, b.contact, b.author, b.debrief, b.event, b.met_on, b.notes
        from unnest(p_team, v_contact, p_author, v_debrief, v_event, p_met_on, p_notes, v_simple)
                 as b(team, contact, author, debrief, event, met_on, notes, simple)
        where b.simple and b.contact is not null
        returning team_id, id, contact_id, teammate_id, debrief_id),
    followed as (
        insert into follow_up (team_id, contact_id, meeting_id, owner_id, due_on)
        select m.team_id, m.contact_id, m.id, m.teammate_id, b.follow_up
        from met m
        join unnest(v_debrief, p_follow_up) as b(debrief, follow_up) on b.debrief = m.debrief_id
        where b.follow_up is not null)
    select array_agg(m.id order by b.n) into v_meeting
    from unnest(v_debrief) with ordinality as b(debrief, n)
    left join met m on m.debrief_id = b.debrief;

    -- What met_capture returns, for the simple captures: who else met a person the team knew, most recent first
    -- (never the teammate saving, so never this meeting); one row with no prior_* values otherwise.
    return query
        select b.n::int, b.debrief, b.contact, case when b.contact is not null then b.added end,
               case when b.added then b.person
                    else (select c.name from contact c where c.team_id = b.team and c.id = b.contact) end,
               b.meeting, p.teammate_id, p.met_on, p.event_name
        from unnest(p_team, p_author, p_name, v_debrief, v_contact, v_new, v_meeting, p_prior_shown, v_simple)
                 with ordinality as b(team, author, person, debrief, contact, added, meeting, prior_shown, simple, n)
        left join lateral (select x.teammate_id, x.met_on, x.id,
                                  (select e.name from event e where e.team_id = x.team_id and e.id = x.event_id) as event_name
                           from meeting x
                           where x.team_id = b.team and x.contact_id = b.contact and x.teammate_id <> b.author
                           order by x.met_on desc, x.id desc
                           limit b.prior_shown) p on b.contact is not null and not b.added and b.prior_shown > 0
        where b.simple
        order by b.n, p.met_on desc, p.id desc;

    -- The rest, one by one in their order, as met_capture saves them (its debrief and event already written above).
    for i in 1 .. v_count loop
        if not v_simple[i] then
            return query
                select i, v_debrief[i], m.*
                from met_meet(p_team[i], p_author[i], v_debrief[i], v_event[i], p_met_on[i], null,
                              p_name[i], p_company[i], p_role[i], p_email[i], p_profile_url[i],
                              p_name_key[i], p_company_key[i], p_email_key[i], p_profile_key[i],
                              p_notes[i], p_follow_up[i], p_prior_shown[i]) m;
        end if;
    end loop;
end $$;
