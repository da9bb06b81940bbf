-- /met who: warm introductions. Everything a person can be found by, as one text of words under one trigram index,
-- so that a search costs one index scan whichever of name, company or email a word is in, and reads a column rather
-- than building the text again for every candidate. The email's punctuation becomes spaces, so that "dana@acme.io"
-- holds the words dana, acme and io, as ContactKeys.text makes of a typed query.
alter table contact add column search_text text not null
    generated always as (name_key || ' ' || company_key || ' ' || translate(coalesce(email_key, ''), '@._+-', '     ')) stored;
create index contact_search_trgm on contact using gin (search_text gin_trgm_ops);

-- Matches are ranked by their latest meeting and by how many teammates met them: with teammate_id in the index,
-- that is an index-only scan per match. It serves every query meeting_by_contact served, so it replaces it.
create index meeting_by_contact_and_teammate on meeting (team_id, contact_id, met_on desc) include (teammate_id);
drop index meeting_by_contact;
