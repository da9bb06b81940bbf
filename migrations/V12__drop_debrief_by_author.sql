-- Every capture writes a debrief row, and each index on debrief is written with it. debrief_by_author (team, author,
-- created_at) has had no reader since it was made: the App Home reads a teammate's meetings (meeting_by_teammate), and
-- the digest and /met team read debriefs by day (debrief_by_day). Found while looking for writes to spare under the
-- load benchmark (bench/load).
drop index debrief_by_author;
