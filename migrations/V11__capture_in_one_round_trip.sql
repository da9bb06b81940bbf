-- Saving a person met took up to seven round trips to PostgreSQL (look up or add the event, add the debrief, add the
-- contact or find the one whose key is taken, fill its gaps, move its dates, add the meeting and its follow-up, read
-- who else met them). Under the load benchmark (bench/load) most of PostgreSQL's CPU per capture went to receiving,
-- planning and answering those statements rather than to the writes themselves: the same writes in one function
-- call cost a third to a half as much (pgbench on the benchmark's machine). So the writes of a capture live here, once:
-- met_capture saves a quick capture in one statement, so one transaction of its own; met_event and met_debrief_write
-- (met_meet for each person) serve the debrief form's transaction in CaptureService; met_meet alone a note logged on a
-- follow-up. Keys (name_key, email_key, ...) are computed by the caller (ContactKeys), as before.

-- The team's event of that name (normalised) on that day, added if there is none yet.
create function met_event(p_team text, p_name text, p_name_key text, p_kind text, p_held_on date, p_created_by text)
    returns bigint
    language plpgsql as $$
declare
    v_id bigint;
begin
    -- Teammates log the same events again and again: look first, insert only an event not seen yet.
    select id into v_id from event where team_id = p_team and name_key = p_name_key and held_on = p_held_on;
    if v_id is null then
        insert into event (team_id, name, name_key, kind, held_on, created_by)
        values (p_team, p_name, p_name_key, p_kind, p_held_on, p_created_by)
        on conflict do nothing
        returning id into v_id;
    end if;
    if v_id is null then -- a concurrent capture added it after this one looked
        select id into v_id from event where team_id = p_team and name_key = p_name_key and held_on = p_held_on;
    end if;
    return v_id;
end $$;

-- One person met: the contact added, or found by their keys (email first, then profile URL, then name and company)
-- with what they lacked filled in and nothing overwritten, or given by id (p_contact_id: a note logged on a follow-up);
-- the meeting and its follow-up; and, for a person the team knew, who else met them, most recent first. One row per
-- earlier meeting shown, or one row with no prior_* values.
create function met_meet(p_team text, p_teammate text, p_debrief bigint, p_event bigint, p_met_on date, p_contact_id bigint,
                         p_name text, p_company text, p_role text, p_email text, p_profile_url text,
                         p_name_key text, p_company_key text, p_email_key text, p_profile_key text,
                         p_notes text, p_follow_up date, p_prior_shown int)
    returns table (out_contact_id bigint, out_is_new boolean, out_known_as text, out_meeting_id bigint,
                   prior_teammate_id text, prior_met_on date, prior_event_name text)
    language plpgsql as $$
declare
    v_id bigint;
    v_name text;
    v_role text;
    v_email_key text;
    v_profile_key text;
    v_meeting bigint;
begin
    if p_contact_id is not null then
        v_id := p_contact_id;
        select c.name into v_name from contact c where c.team_id = p_team and c.id = p_contact_id;
    else
        -- Most people captured are new to the team: add them (their dates set now), read a row only when a key is taken.
        insert into contact (team_id, name, company, role, email, profile_url, name_key, company_key, email_key,
                             profile_key, created_by, first_met_on, last_touch_on)
        values (p_team, p_name, p_company, p_role, p_email, p_profile_url, p_name_key, p_company_key, p_email_key,
                p_profile_key, p_teammate, p_met_on, p_met_on)
        on conflict do nothing
        returning id into v_id;
        if v_id is null then
            -- One probe per unique key, in priority order. A single query OR-ing the three was planned (generically,
            -- as every statement here is after a few runs) over contact_by_company, reading every contact of the
            -- company to find one: a millisecond and more per capture once a company had a few hundred.
            if p_email_key is not null then
                select c.id, c.name, c.role, c.email_key, c.profile_key into v_id, v_name, v_role, v_email_key, v_profile_key
                from contact c where c.team_id = p_team and c.email_key = p_email_key;
            end if;
            if v_id is null and p_profile_key is not null then
                select c.id, c.name, c.role, c.email_key, c.profile_key into v_id, v_name, v_role, v_email_key, v_profile_key
                from contact c where c.team_id = p_team and c.profile_key = p_profile_key;
            end if;
            if v_id is null then
                select c.id, c.name, c.role, c.email_key, c.profile_key into v_id, v_name, v_role, v_email_key, v_profile_key
                from contact c where c.team_id = p_team and c.name_key = p_name_key and c.company_key = p_company_key;
            end if;
            if v_id is null then -- the key's holder was a concurrent capture that rolled back: the caller tries again
                raise exception 'contact vanished while being created' using errcode = '40001';
            end if;
            -- What this capture knows that the contact lacks is added; nothing is overwritten.
            if v_role is null and p_role is not null then
                update contact set role = p_role where team_id = p_team and id = v_id and role is null;
            end if;
            if p_email_key is not null and v_email_key is null then
                update contact set email = p_email, email_key = p_email_key
                where team_id = p_team and id = v_id and email_key is null
                  and not exists (select 1 from contact o where o.team_id = p_team and o.email_key = p_email_key);
            end if;
            if p_profile_key is not null and v_profile_key is null then
                update contact set profile_url = p_profile_url, profile_key = p_profile_key
                where team_id = p_team and id = v_id and profile_key is null
                  and not exists (select 1 from contact o where o.team_id = p_team and o.profile_key = p_profile_key);
            end if;
        end if;
    end if;

    if v_name is not null then
        -- Both dates are indexed: the row is rewritten only when one of them moves.
        update contact
        set last_touch_on = greatest(coalesce(last_touch_on, p_met_on), p_met_on),
            first_met_on = least(coalesce(first_met_on, p_met_on), p_met_on)
        where team_id = p_team and id = v_id
          and (last_touch_on is null or last_touch_on < p_met_on or first_met_on is null or first_met_on > p_met_on);
    end if;

    insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on, notes)
    values (p_team, v_id, p_teammate, p_debrief, p_event, p_met_on, p_notes)
    returning id into v_meeting;
    if p_follow_up is not null then
        insert into follow_up (team_id, contact_id, meeting_id, owner_id, due_on)
        values (p_team, v_id, v_meeting, p_teammate, p_follow_up);
    end if;

    -- Nobody can have met a person this very call added; the teammate saving is never shown, so neither is this meeting.
    if v_name is not null and p_prior_shown > 0 then
        return query
            select v_id, false, v_name, v_meeting, x.teammate_id, x.met_on, e.name
            from meeting x
            left join event e on e.team_id = x.team_id and e.id = x.event_id
            where x.team_id = p_team and x.contact_id = v_id and x.teammate_id <> p_teammate
            order by x.met_on desc, x.id desc
            limit p_prior_shown;
        if found then
            return;
        end if;
    end if;
    return query select v_id, v_name is null, coalesce(v_name, p_name), v_meeting, null::text, null::date, null::text;
end $$;

-- A quick capture: at most one event and one person, no attendees, action items or referrals. One statement, so one
-- transaction: all of it is saved or none. Returns what met_meet returns, with the debrief's id on every row.
create function met_capture(p_team text, p_author text, p_source text, p_raw_text text,
                            p_event_name text, p_event_name_key text, p_event_kind text, p_met_on date,
                            p_name text, p_company text, p_role text, p_email text, p_profile_url text,
                            p_name_key text, p_company_key text, p_email_key text, p_profile_key text,
                            p_notes text, p_follow_up date, p_prior_shown int)
    returns table (out_debrief_id bigint, out_contact_id bigint, out_is_new boolean, out_known_as text, out_meeting_id bigint,
                   prior_teammate_id text, prior_met_on date, prior_event_name text)
    language plpgsql as $$
declare
    v_event bigint;
    v_debrief bigint;
begin
    if p_event_name is not null then
        v_event := met_event(p_team, p_event_name, p_event_name_key, p_event_kind, p_met_on, p_author);
    end if;
    insert into debrief (team_id, event_id, author_id, source, met_on, ideas, raw_text)
    values (p_team, v_event, p_author, p_source, p_met_on, null, p_raw_text)
    returning id into v_debrief;
    if p_name is null then -- an event with nobody named: the debrief alone
        return query select v_debrief, null::bigint, null::boolean, null::text, null::bigint, null::text, null::date, null::text;
        return;
    end if;
    return query
        select v_debrief, m.* from met_meet(p_team, p_author, v_debrief, v_event, p_met_on, null, p_name, p_company, p_role, p_email,
                                           p_profile_url, p_name_key, p_company_key, p_email_key, p_profile_key, p_notes,
                                           p_follow_up, p_prior_shown) m;
end $$;

-- The rest of a debrief from the form, written into debrief p_debrief (just added, or just cleared by an edit): who
-- else was there, everyone met in the order entered (met_meet for each; a person entered twice is one contact), the
-- action items and the referrals. One round trip for all of it, inside the caller's transaction. The arrays of a
-- person are parallel: element i of each describes the i-th person; likewise for action items and referrals.
create function met_debrief_write(p_team text, p_author text, p_debrief bigint, p_event bigint, p_met_on date,
                                  p_attendees text[],
                                  p_names text[], p_companies text[], p_roles text[], p_emails text[], p_profile_urls text[],
                                  p_name_keys text[], p_company_keys text[], p_email_keys text[], p_profile_keys text[],
                                  p_notes text[], p_follow_ups date[],
                                  p_item_texts text[], p_item_owners text[],
                                  p_referral_directions text[], p_referral_notes text[],
                                  p_prior_shown int)
    returns table (out_person int, out_contact_id bigint, out_is_new boolean, out_known_as text, out_meeting_id bigint,
                   prior_teammate_id text, prior_met_on date, prior_event_name text)
    language plpgsql as $$
begin
    insert into debrief_attendee (team_id, debrief_id, user_id)
    select p_team, p_debrief, a from unnest(p_attendees) a
    on conflict do nothing;
    for i in 1 .. coalesce(array_length(p_names, 1), 0) loop
        return query
            select i, m.* from met_meet(p_team, p_author, p_debrief, p_event, p_met_on, null,
                                        p_names[i], p_companies[i], p_roles[i], p_emails[i], p_profile_urls[i],
                                        p_name_keys[i], p_company_keys[i], p_email_keys[i], p_profile_keys[i],
                                        p_notes[i], p_follow_ups[i], p_prior_shown) m;
    end loop;
    -- Rows are numbered in the order given, which is the order the form shows them in again.
    insert into action_item (team_id, debrief_id, text, owner_id)
    select p_team, p_debrief, x.text, x.owner
    from unnest(p_item_texts, p_item_owners) with ordinality as x(text, owner, n)
    order by x.n;
    insert into referral (team_id, debrief_id, teammate_id, direction, note, referred_on)
    select p_team, p_debrief, p_author, x.direction, x.note, p_met_on
    from unnest(p_referral_directions, p_referral_notes) with ordinality as x(direction, note, n)
    order by x.n;
end $$;
