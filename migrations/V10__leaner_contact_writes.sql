-- A capture writes a contact row; each index on contact is written with it, and a trigram (GIN) index costs about as
-- much as the row itself. Since V4 every search, /met who and /met forget, goes through contact_search_trgm: the three
-- per-column trigram indexes of V3 are only paid for, never read (found by the load benchmark, bench/load).
drop index contact_name_trgm;
drop index contact_company_trgm;
drop index contact_email_trgm;
