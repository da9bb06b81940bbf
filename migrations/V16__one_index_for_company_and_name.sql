-- A contact is found by its name and company (the unique key) and listed by company (/met who, digests). Two indexes
-- served that: (team, name, company) and (team, company). With company before name, one unique index serves both:
-- every new contact writes one index fewer, and a name-and-company lookup can no longer be planned over the company
-- index alone (auto_explain showed it was, while the table had no statistics yet, reading every contact of the
-- company). The rebuild takes a moment on a large contact table; nothing else changes.
create unique index contact_by_company_and_name on contact (team_id, company_key, name_key);
drop index contact_by_name_and_company;
drop index contact_by_company;
