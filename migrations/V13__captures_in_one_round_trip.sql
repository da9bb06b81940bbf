-- Quick captures saved together (met.capture.CaptureWriter: a batch of captures in one transaction) reach PostgreSQL in
-- one call: element i of each array is the i-th capture's argument to met_capture. With one round trip per capture the
-- writer spent much of each batch waiting for its turn on the cores between statements (bench/load).
-- Rows come back in the order given, each numbered by its capture (out_n, from 1).
create function met_captures(p_team text[], p_author text[], p_source text[], p_raw_text text[],
                             p_event_name text[], p_event_name_key text[], p_event_kind text[], p_met_on date[],
                             p_name text[], p_company text[], p_role text[], p_email text[], p_profile_url text[],
                             p_name_key text[], p_company_key text[], p_email_key text[], p_profile_key text[],
                             p_notes text[], p_follow_up date[], p_prior_shown int[])
    returns table (out_n int, out_debrief_id bigint, out_contact_id bigint, out_is_new boolean, out_known_as text,
                   out_meeting_id bigint, prior_teammate_id text, prior_met_on date, prior_event_name text)
    language plpgsql as $$
begin
    for i in 1 .. coalesce(array_length(p_team, 1), 0) loop
        return query
            select i, c.* from met_capture(p_team[i], p_author[i], p_source[i], p_raw_text[i],
                                           p_event_name[i], p_event_name_key[i], p_event_kind[i], p_met_on[i],
                                           p_name[i], p_company[i], p_role[i], p_email[i], p_profile_url[i],
                                           p_name_key[i], p_company_key[i], p_email_key[i], p_profile_key[i],
                                           p_notes[i], p_follow_up[i], p_prior_shown[i]) c;
    end loop;
end $$;
